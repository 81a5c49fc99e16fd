import { BlockList, isIP } from "node:net";

/**
 * Address ranges no webhook may point at: Bitbucket refuses URLs that are "internal, non-routed addresses"
 * (bitbucket-cloud.md §3.12). IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) match the IPv4 ranges.
 * Loopback is deliberately missing: the sandbox delivers to the DevDynamics simulator on 127.0.0.1.
 */
const NON_ROUTED: readonly [network: string, prefix: number, what: string][] = [
  ["0.0.0.0", 8, "'this network' (0.0.0.0/8)"],
  ["10.0.0.0", 8, "private (10.0.0.0/8)"],
  ["100.64.0.0", 10, "carrier-grade NAT (100.64.0.0/10)"],
  ["169.254.0.0", 16, "link-local, where cloud metadata services live (169.254.0.0/16)"],
  ["172.16.0.0", 12, "private (172.16.0.0/12)"],
  ["192.0.0.0", 24, "reserved for IETF protocols (192.0.0.0/24)"],
  ["192.0.2.0", 24, "reserved for documentation (192.0.2.0/24)"],
  ["192.168.0.0", 16, "private (192.168.0.0/16)"],
  ["198.18.0.0", 15, "reserved for benchmarking (198.18.0.0/15)"],
  ["198.51.100.0", 24, "reserved for documentation (198.51.100.0/24)"],
  ["203.0.113.0", 24, "reserved for documentation (203.0.113.0/24)"],
  ["224.0.0.0", 4, "multicast (224.0.0.0/4)"],
  ["240.0.0.0", 4, "reserved (240.0.0.0/4)"],
  ["::", 128, "the unspecified address (::)"],
  ["100::", 64, "discard-only (100::/64)"],
  ["2001:db8::", 32, "reserved for documentation (2001:db8::/32)"],
  ["fc00::", 7, "a unique local address (fc00::/7)"],
  ["fe80::", 10, "link-local (fe80::/10)"],
  ["fec0::", 10, "site-local (fec0::/10)"],
  ["ff00::", 8, "multicast (ff00::/8)"],
];

const ranges = NON_ROUTED.map(([network, prefix, what]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, isIP(network) === 6 ? "ipv6" : "ipv4");
  return { list, what };
});

/** Names that never resolve to a public address (RFC 6761, RFC 8375, ICANN's `.internal`). */
const PRIVATE_SUFFIXES = ["local", "internal", "home.arpa", "invalid"];

/**
 * Why Bitbucket would refuse this webhook URL, or undefined when it would take it. Host names are not resolved (the
 * sandbox has no DNS to ask), so only names that cannot be public are refused: single labels and private suffixes.
 */
export function hookUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a valid URL.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Enter a valid URL: http or https only.";
  const host = url.hostname
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "")
    .toLowerCase();
  const family = isIP(host);
  if (family === 0) {
    if (host === "localhost" || host.endsWith(".localhost")) return undefined; // loopback, allowed on purpose
    const suffix = PRIVATE_SUFFIXES.find((s) => host.endsWith(`.${s}`));
    if (!host.includes(".") || suffix)
      return `The URL cannot be an internal, non-routed address: ${host} is not a public host name.`;
    return undefined;
  }
  const range = ranges.find(({ list }) => list.check(host, family === 6 ? "ipv6" : "ipv4"));
  return range && `The URL cannot be an internal, non-routed address: ${host} is ${range.what}.`;
}
