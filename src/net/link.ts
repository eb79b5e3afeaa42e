/**
 * Link layers → start of the IPv4 header. Knows Ethernet II (with any number of
 * 802.1Q / 802.1ad / QinQ tags, up to 4), Linux cooked capture v1 and v2 (what
 * `dumpcap -i any` writes), raw IP (LINKTYPE_RAW, LINKTYPE_IPV4) and the BSD
 * loopback encapsulations (NULL, LOOP). Everything reads bytes directly (network
 * order); nothing allocates.
 *
 * Layouts (offsets in bytes from the frame start):
 *   Ethernet  dst MAC 0–5, src MAC 6–11, EtherType 12–13, payload 14
 *   VLAN tag  TCI 0–1, inner EtherType 2–3 (inserted where the EtherType was)
 *   SLL v1    packet type 0–1, ARPHRD 2–3, addr len 4–5, addr 6–13, protocol 14–15, payload 16
 *   SLL v2    protocol 0–1, reserved 2–3, ifindex 4–7, ARPHRD 8–9, pkt type 10, addr len 11, addr 12–19, payload 20
 *   NULL      address family u32 in the writer's byte order (AF_INET = 2), payload 4
 *   LOOP      address family u32 big-endian, payload 4
 */
import {
  LINKTYPE_ETHERNET,
  LINKTYPE_IPV4,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  LINKTYPE_LOOP,
  LINKTYPE_NULL,
  LINKTYPE_RAW,
} from '../pcapng/constants.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_VLAN = 0x8100; // 802.1Q
export const ETHERTYPE_QINQ = 0x88a8; // 802.1ad service tag
export const ETHERTYPE_QINQ_OLD = 0x9100; // pre-standard QinQ
const MAX_VLAN_TAGS = 4;

/** Negative results of {@link locateIpv4}. */
export const LINK_UNSUPPORTED = -1; // link type not handled here
export const LINK_TOO_SHORT = -2; // frame shorter than its link header
export const LINK_NOT_IPV4 = -3; // ARP, IPv6, LLC, other families …

/** Per-call side information of {@link locateIpv4}; reuse one object. */
export interface LinkInfo {
  /** VLAN tags removed from this frame (0 if none). */
  vlanTags: number;
}

const isVlan = (t: number): boolean => t === ETHERTYPE_VLAN || t === ETHERTYPE_QINQ || t === ETHERTYPE_QINQ_OLD;

/**
 * Offset (absolute, in `b`) of the IPv4 header of the frame `b[start … end)`,
 * or a negative LINK_* code. Only the link layer is checked here; the IPv4
 * header itself is validated by the caller.
 */
export function locateIpv4(b: Uint8Array, start: number, end: number, linkType: number, info: LinkInfo): number {
  info.vlanTags = 0;
  let typeAt: number; // offset of the 16-bit protocol field
  let l3: number; // where the payload (or a VLAN tag) starts
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      typeAt = start + 12;
      l3 = start + 14;
      break;
    case LINKTYPE_LINUX_SLL:
      typeAt = start + 14;
      l3 = start + 16;
      break;
    case LINKTYPE_LINUX_SLL2:
      typeAt = start;
      l3 = start + 20;
      break;
    case LINKTYPE_RAW:
      if (end - start < 1) return LINK_TOO_SHORT;
      return b[start]! >> 4 === 4 ? start : LINK_NOT_IPV4;
    case LINKTYPE_IPV4:
      return start;
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP: {
      if (end - start < 4) return LINK_TOO_SHORT;
      const be = (b[start]! << 24) | (b[start + 1]! << 16) | (b[start + 2]! << 8) | b[start + 3]!;
      // NULL is written in the capturing host's byte order: accept AF_INET (2) both ways.
      const af = linkType === LINKTYPE_LOOP || be === 2 ? be : ((b[start + 3]! << 24) | (b[start + 2]! << 16) | (b[start + 1]! << 8) | b[start]!) >>> 0;
      return af === 2 ? start + 4 : LINK_NOT_IPV4;
    }
    default:
      return LINK_UNSUPPORTED;
  }
  if (l3 > end) return LINK_TOO_SHORT;
  let type = (b[typeAt]! << 8) | b[typeAt + 1]!;
  while (isVlan(type)) {
    // the tag sits where the payload would start: TCI (2 bytes), then the next EtherType
    if (l3 + 4 > end) return LINK_TOO_SHORT;
    if (++info.vlanTags > MAX_VLAN_TAGS) return LINK_NOT_IPV4;
    type = (b[l3 + 2]! << 8) | b[l3 + 3]!;
    l3 += 4;
  }
  return type === ETHERTYPE_IPV4 ? l3 : LINK_NOT_IPV4;
}
