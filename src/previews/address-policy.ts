import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a link preview may connect to: public unicast only. ipaddr.js names the
 * range of an address; every range other than `unicast` is refused — loopback, private
 * (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), link-local (169.254/16 with
 * the cloud metadata address 169.254.169.254, fe80::/10), unique-local (fc00::/7),
 * unspecified (0.0.0.0, ::), multicast, broadcast, reserved and documentation ranges, and
 * the IPv6 forms that embed an IPv4 address (6to4, Teredo, NAT64), which could lead back
 * inside. An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it
 * maps to.
 */
export function addressRange(address: string): string {
  if (!isIP(address)) return 'invalid';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range();
}

export function isPublicAddress(address: string): boolean {
  return addressRange(address) === 'unicast';
}

/** A URL's host as an address or name: lowercase, IPv6 without its brackets. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}
