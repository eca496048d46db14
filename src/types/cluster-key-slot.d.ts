// The package ships no types; these are its two functions (the hash ioredis itself uses).
declare module 'cluster-key-slot' {
  /** The Redis Cluster hash slot (0–16383) of a key, honouring {hash tags}. */
  function generate(key: string | Buffer): number;
  namespace generate {
    /** The common slot of all keys, or -1 when they differ. */
    function generateMulti(keys: Array<string | Buffer>): number;
  }
  export = generate;
}
