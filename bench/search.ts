import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/app.js';
import { TokenService } from '../src/auth/tokens.js';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { primaryReads } from '../src/inbox/read-your-writes.js';
import { SearchService } from '../src/search/search.service.js';
import { SearchStore } from '../src/search/search.store.js';
import { documentTerms, parseQuery } from '../src/search/tokenize.js';
import { now } from './lib/clock.js';
import { BENCH_TENANT, databaseUrl, dropBenchDatabase, prepareBenchDatabase } from './lib/database.js';
import { groupCpuMs, pidsByName } from './lib/procstat.js';
import { seededRandom } from './lib/stats.js';

// The search scenario (`npm run bench -- --search`, docs/search.md): one user's inbox of
// N/10 messages inside a database of N (default 1,000,000), built with multi-row inserts and
// the index's primary key added after the load (a sorted build, minutes faster than random
// inserts). Measures, on the same data and queries:
//   (b) the product's engine: `search_terms`, an inverted index scoped by owner;
//   (a) MariaDB FULLTEXT over one document per message (terms encoded as ASCII tokens,
//       owners as tokens too, since InnoDB FULLTEXT has no CJK parser and skips tokens
//       shorter than innodb_ft_min_token_size);
// then the CPU that indexing adds to sendMessage (the same sends with SEARCH_INDEX_ENABLED
// on and off, in this process, against the same database).

const DATABASE = 'bench_search';
const READER = 1;
const OTHERS = 1000;
const QUERIES = 200;
const WARMUP = 20;
const SENDS = 1500;
const SEND_CONCURRENCY = 16;

const log = (line: string) => console.error(`[bench search ${new Date().toISOString().slice(11, 19)}] ${line}`);

// ---- synthetic text: meeting words first, then a long tail, picked by Zipf rank ----------

const CHINESE_COMMON =
  '会议 纪要 周会 预算 项目 进度 评审 需求 上线 测试 客户 合同 报告 材料 时间 地点 安排 讨论 确认 通知 提醒 总结 计划 目标 风险 问题 方案 设计 开发 部署 季度 年度 指标 数据 分析 市场 销售 产品 用户 反馈 培训 招聘 面试 财务 发票 报销 审批 流程 版本 发布 故障 复盘 优化 性能 安全 权限 账号 密码 邮件 日程 出差 酒店 机票 签到 投票 文档 附件 链接 截图 演示 直播 录音 转写 翻译 字幕 摘要 待办 负责 截止 延期 取消 改期 明天 今天 下周 上午 下午 晚上'.split(
    ' ',
  );
const ENGLISH_COMMON =
  'meeting notes budget review project schedule standup deadline release launch customer contract report draft agenda minutes summary action item owner follow update sync plan roadmap quarter target metric revenue sales product design feature bug fix deploy incident retro hiring interview invoice expense approval workflow version security access account email calendar travel hotel flight survey vote document attachment link slide demo recording transcript translate caption reminder tomorrow today morning afternoon evening weekly monthly'.split(
    ' ',
  );
const HAN = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质'.split(
    '',
  );
const SYLLABLES = 'ka ri to ne mo su la vi do pe ga zu ro chi fa ny ob ex in al ar en or un'.split(' ');

function zipfPicker(size: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (let rank = 1; rank <= size; rank++) cumulative.push((sum += 1 / rank));
  return () => {
    const target = random() * sum;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function vocabularies(random: () => number): { chinese: string[]; english: string[] } {
  const chinese = [...CHINESE_COMMON];
  const seen = new Set(chinese);
  while (chinese.length < 5000) {
    const word = HAN[Math.floor(random() * HAN.length)]! + HAN[Math.floor(random() * HAN.length)]!;
    if (seen.has(word)) continue;
    chinese.push(word);
    seen.add(word);
  }
  const english = [...ENGLISH_COMMON];
  const known = new Set(english);
  while (english.length < 5000) {
    const n = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (known.has(word)) continue;
    english.push(word);
    known.add(word);
  }
  return { chinese, english };
}

class TextGenerator {
  private readonly pickChinese: () => number;
  private readonly pickEnglish: () => number;
  constructor(
    private readonly words: { chinese: string[]; english: string[] },
    private readonly random: () => number,
  ) {
    this.pickChinese = zipfPicker(words.chinese.length, random);
    this.pickEnglish = zipfPicker(words.english.length, random);
  }

  message(): string {
    const r = this.random();
    const zh = () => Array.from({ length: 3 + Math.floor(this.random() * 3) }, () => this.words.chinese[this.pickChinese()]!).join('');
    const en = () => Array.from({ length: 4 + Math.floor(this.random() * 4) }, () => this.words.english[this.pickEnglish()]!).join(' ');
    if (r < 0.45) return `${zh()}，${zh()}`;
    if (r < 0.8) return `${en()}.`;
    return `${zh()} ${this.words.english[this.pickEnglish()]} ${Math.floor(this.random() * 100)} ${zh()}`;
  }
}

const termToken = (term: string) => `x${Buffer.from(term, 'utf8').toString('hex')}`;

// ---- building the database ---------------------------------------------------------------

async function build(total: number, random: () => number, text: TextGenerator): Promise<void> {
  await prepareBenchDatabase(DATABASE, 1 + OTHERS);
  const conn = await mysql.createConnection({ uri: databaseUrl(DATABASE), timezone: 'Z' });
  try {
    await conn.query('ALTER TABLE search_terms DROP PRIMARY KEY');
    await conn.query('CREATE TABLE search_docs (message_id BIGINT UNSIGNED NOT NULL PRIMARY KEY, tokens MEDIUMTEXT NOT NULL)');
    const seqs = new Map<number, number>();
    const nextSeq = (user: number) => {
      const seq = (seqs.get(user) ?? 0) + 1;
      seqs.set(user, seq);
      return seq;
    };
    const start = Date.now() - 365 * 86400_000;
    const step = (365 * 86400_000) / total;
    const batch = 5000;
    let pending: Promise<unknown> = Promise.resolve();
    const t0 = now();
    for (let first = 1; first <= total; first += batch) {
      const msgs: unknown[][] = [];
      const recipients: unknown[][] = [];
      const postings: unknown[][] = [];
      const docs: unknown[][] = [];
      for (let id = first; id < Math.min(first + batch, total + 1); id++) {
        const toReader = id % 10 === 0;
        const sender = 2 + Math.floor(random() * OTHERS);
        let recipient = toReader ? READER : 2 + Math.floor(random() * OTHERS);
        if (recipient === sender) recipient = sender === 2 ? 3 : sender - 1;
        const createdAt = new Date(start + id * step);
        const content = text.message();
        msgs.push([id, BENCH_TENANT, sender, 'TEXT', 'NORMAL', content, createdAt]);
        recipients.push([id, recipient, nextSeq(recipient), random() < 0.8, createdAt]);
        const terms = documentTerms(content);
        for (const term of terms) postings.push([sender, term, id], [recipient, term, id]);
        docs.push([id, [...terms.map(termToken), `own${sender}`, `own${recipient}`].join(' ')]);
      }
      await pending;
      pending = (async () => {
        await conn.query('INSERT INTO messages (id, tenant_id, sender_id, type, priority, content, created_at) VALUES ?', [msgs]);
        await conn.query('INSERT INTO message_recipients (message_id, recipient_id, seq, is_read, created_at) VALUES ?', [recipients]);
        await conn.query('INSERT INTO search_terms (owner_id, term, message_id) VALUES ?', [postings]);
        await conn.query('INSERT INTO search_docs (message_id, tokens) VALUES ?', [docs]);
      })();
      if ((first - 1) % 100_000 === 0) log(`inserted ${first - 1} of ${total} messages (${((now() - t0) / 1000).toFixed(0)} s)`);
    }
    await pending;
    await conn.query(
      'UPDATE users u JOIN (SELECT recipient_id, MAX(seq) AS top FROM message_recipients GROUP BY recipient_id) s ON s.recipient_id = u.id SET u.inbox_seq = s.top',
    );
    log(`rows in (${((now() - t0) / 1000).toFixed(0)} s); building the term index`);
    await conn.query('ALTER TABLE search_terms ADD PRIMARY KEY (owner_id, term, message_id)');
    log(`term index built (${((now() - t0) / 1000).toFixed(0)} s); building the FULLTEXT index`);
    await conn.query('ALTER TABLE search_docs ADD FULLTEXT INDEX ft_tokens (tokens)');
    log(`FULLTEXT index built (${((now() - t0) / 1000).toFixed(0)} s)`);
    await conn.query('ANALYZE TABLE messages, message_recipients, search_terms, search_docs');
  } finally {
    await conn.end();
  }
}

// ---- measuring -----------------------------------------------------------------------------

interface Row {
  engine: string;
  query: string;
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  meanHits: number;
}

function summarize(engine: string, query: string, samples: Array<{ ms: number; hits: number }>): Row {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)]!;
  return {
    engine,
    query,
    count: ms.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: ms.at(-1)!,
    meanHits: samples.reduce((n, s) => n + s.hits, 0) / samples.length,
  };
}

/** Queries of each kind: words drawn from the 2,000 most used (common and rare ones alike). */
function querySets(words: { chinese: string[]; english: string[] }, random: () => number): Array<[string, string[]]> {
  const pick = (list: string[]) => list[Math.floor(random() * Math.min(2000, list.length))]!;
  const make = (f: () => string) => Array.from({ length: QUERIES + WARMUP }, f);
  return [
    ['Chinese, one word', make(() => pick(words.chinese))],
    ['Chinese, two words', make(() => `${pick(words.chinese)} ${pick(words.chinese)}`)],
    ['English, one word', make(() => pick(words.english))],
    ['English, two words', make(() => `${pick(words.english)} ${pick(words.english)}`)],
  ];
}

async function measureQueries(words: { chinese: string[]; english: string[] }, random: () => number): Promise<Row[]> {
  const handle = openDatabase(databaseUrl(DATABASE), 4);
  const store = new SearchStore(handle.db);
  const service = new SearchService(store, { indexEnabled: true, indexLingerMs: 20, maxQueryLength: 200, maxTerms: 12 }, primaryReads(handle.db));
  const viewer = { id: READER, tenantId: BENCH_TENANT, role: 'user' as const, expiresAt: Math.floor(Date.now() / 1000) + 86400 };
  const rows: Row[] = [];
  try {
    for (const [name, queries] of querySets(words, random)) {
      const api: Array<{ ms: number; hits: number }> = [];
      const fulltext: Array<{ ms: number; hits: number }> = [];
      for (const [i, query] of queries.entries()) {
        let t0 = now();
        const page = await service.search(viewer, { query, first: 20, position: null });
        const apiMs = now() - t0;
        const boolean = parseQuery(query)
          .terms.map((t) => `+${termToken(t.value)}${t.prefix ? '*' : ''}`)
          .concat(`+own${READER}`)
          .join(' ');
        t0 = now();
        const [found] = (await handle.pool.query(
          'SELECT d.message_id FROM search_docs d JOIN messages m ON m.id = d.message_id WHERE MATCH(d.tokens) AGAINST(? IN BOOLEAN MODE) AND m.recalled_at IS NULL ORDER BY d.message_id DESC LIMIT 21',
          [boolean],
        )) as unknown as [unknown[]];
        const ftMs = now() - t0;
        if (i < WARMUP) continue;
        api.push({ ms: apiMs, hits: page.edges.length });
        fulltext.push({ ms: ftMs, hits: Math.min(20, found.length) });
      }
      rows.push(summarize('(b) term table by owner', name, api), summarize('(a) FULLTEXT, tokens', name, fulltext));
      log(`${name}: p95 ${rows.at(-2)!.p95.toFixed(1)} ms (b), ${rows.at(-1)!.p95.toFixed(1)} ms (a)`);
    }
  } finally {
    await handle.close();
  }
  return rows;
}

interface CpuRow {
  index: string;
  sends: number;
  nodeUsPerSend: number;
  dbUsPerSend: number;
}

/** The same sends with the search index on and off, alternating, in this process (Node CPU) and the database's. */
async function measureSendCpu(text: TextGenerator, random: () => number, sends = SENDS, rounds = 2): Promise<CpuRow[]> {
  const db = pidsByName(['mariadbd', 'mysqld']);
  const totals = new Map<string, { sends: number; node: number; db: number }>();
  // The linger (SEARCH_INDEX_LINGER_MS) is measured at 0 too: a write per commit, started at once.
  const settings = [
    { key: 'on', enabled: 'true', linger: '20' },
    { key: 'off', enabled: 'false', linger: '20' },
    { key: 'on, linger 0', enabled: 'true', linger: '0' },
  ];
  // Round 0 warms the process (JIT, pools, caches) for every setting and is not counted.
  for (let round = 0; round <= rounds; round++) {
    for (const { key, enabled, linger } of settings) {
      const { config } = loadConfig({
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        DATABASE_URL: databaseUrl(DATABASE),
        JWT_SECRET: 'bench-search-secret-that-is-long-enough-0123',
        REDIS_KEY_PREFIX: `bench_search_${process.pid}:`,
        SEARCH_INDEX_ENABLED: enabled,
        SEARCH_INDEX_LINGER_MS: linger,
        // The default per-user send limit would stop the closed loop; this measures CPU, not limits.
        RATE_LIMITS_ENABLED: 'false',
        GRAPHIQL: 'false',
      });
      const app = createApp(config, { logger: createLogger('silent') });
      const tokens = new TokenService(config.jwt);
      const senders = await Promise.all(
        Array.from({ length: SEND_CONCURRENCY }, async (_, i) => ({ id: 2 + i, token: (await tokens.sign({ id: 2 + i, tenantId: BENCH_TENANT })).token })),
      );
      const sendOne = async (from: { id: number; token: string }) => {
        const to = 100 + Math.floor(random() * (OTHERS - 100));
        const response = await app.yoga.fetch('http://bench/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${from.token}` },
          body: JSON.stringify({
            query: 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
            variables: { input: { recipientIds: [String(to)], content: text.message() } },
          }),
        });
        const body = (await response.json()) as { errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
      };
      // Warm-up: connections, compiled documents.
      await Promise.all(senders.map((s) => sendOne(s)));
      const perSender = Math.ceil(sends / rounds / SEND_CONCURRENCY);
      const c0 = process.cpuUsage();
      const d0 = groupCpuMs(db);
      await Promise.all(
        senders.map(async (s) => {
          for (let i = 0; i < perSender; i++) await sendOne(s);
        }),
      );
      const cpu = process.cpuUsage(c0);
      const dbMs = groupCpuMs(db) - d0;
      await app.close();
      await clearRedis(config.redis!.keyPrefix);
      log(`sends, index ${key}, round ${round}${round === 0 ? ' (warm-up)' : ''}: ${((cpu.user + cpu.system) / 1000 / (perSender * senders.length)).toFixed(2)} ms Node CPU per send`);
      if (round === 0) continue;
      const total = totals.get(key) ?? { sends: 0, node: 0, db: 0 };
      total.sends += perSender * senders.length;
      total.node += (cpu.user + cpu.system) / 1000;
      total.db += dbMs;
      totals.set(key, total);
    }
  }
  return [...totals].map(([index, t]) => ({ index, sends: t.sends, nodeUsPerSend: (t.node * 1000) / t.sends, dbUsPerSend: (t.db * 1000) / t.sends }));
}

async function clearRedis(prefix: string): Promise<void> {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function render(total: number, buildS: number | null, rows: Row[], cpu: CpuRow[]): string {
  const f = (n: number) => n.toFixed(1);
  const lines = [
    `## Search (${total.toLocaleString('en')} messages, one inbox of ${(total / 10).toLocaleString('en')}; ${buildS === null ? 'a database kept by an earlier run' : `built in ${buildS.toFixed(0)} s`})`,
    '',
    `First page (20 hits) per query, ${QUERIES} queries each after ${WARMUP} warm-up; (b) is the whole search (terms, ids, messages, snippets), (a) the id query alone.`,
    '',
    '| engine | queries | p50 ms | p95 ms | p99 ms | max ms | mean hits |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.engine} | ${r.query} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.max)} | ${f(r.meanHits)} |`),
    '',
    '| sendMessage, search index | sends | Node CPU µs/send | database CPU µs/send |',
    '|---|---:|---:|---:|',
    ...cpu.map((c) => `| ${c.index} | ${c.sends} | ${c.nodeUsPerSend.toFixed(0)} | ${c.dbUsPerSend.toFixed(0)} |`),
  ];
  const on = cpu.find((c) => c.index === 'on');
  const off = cpu.find((c) => c.index === 'off');
  if (on && off) {
    const node = (on.nodeUsPerSend / off.nodeUsPerSend - 1) * 100;
    const both = ((on.nodeUsPerSend + on.dbUsPerSend) / (off.nodeUsPerSend + off.dbUsPerSend) - 1) * 100;
    lines.push('', `Indexing adds ${node.toFixed(1)} % to sendMessage's Node CPU, ${both.toFixed(1)} % counting the database's too.`);
  }
  return lines.join('\n');
}

/** Runs the scenario and returns its Markdown table. `total` messages in the database, a tenth in the reader's inbox. */
export async function runSearchBench(
  total = 1_000_000,
  options: { keep?: boolean; reuse?: boolean; buildOnly?: boolean; sends?: number; rounds?: number } = {},
): Promise<string> {
  const random = seededRandom(20261202);
  const words = vocabularies(random);
  const text = new TextGenerator(words, random);
  const t0 = now();
  if (options.reuse) {
    log(`measuring on the database ${DATABASE} kept by an earlier run (--keep)`);
  } else {
    log(`building ${total} messages`);
    await build(total, random, text);
  }
  const buildS = (now() - t0) / 1000;
  try {
    if (options.buildOnly) return `built ${DATABASE} in ${buildS.toFixed(0)} s`;
    const rows = await measureQueries(words, random);
    const cpu = await measureSendCpu(text, random, options.sends, options.rounds);
    return render(total, options.reuse ? null : buildS, rows, cpu);
  } finally {
    if (!options.keep) await dropBenchDatabase(DATABASE);
    else log(`kept the database ${DATABASE} (drop it, or measure again with --reuse)`);
  }
}
