package fetch

import (
	"fmt"
	"net/netip"
)

// class says whether an address may be fetched from.
type class uint8

const (
	public  class = iota // fetched always
	private              // fetched only with Config.AllowPrivate (intranets, tests)
	never                // never fetched, whatever the switch
)

// addrRange is one special-purpose range: its class and what it is, for
// error messages.
type addrRange struct {
	prefix netip.Prefix
	class  class
	what   string
}

// ranges are the special-purpose ranges of the IANA IPv4 and IPv6
// Special-Purpose Address Registries (RFC 6890 and its updates), plus
// multicast and the cloud metadata addresses. The IPv6 forms that embed an
// IPv4 address (IPv4-mapped, NAT64, 6to4) are not listed here: check
// unwraps them and judges the IPv4 address inside.
//
// Multicast, unspecified, broadcast and reserved addresses are never
// fetched: no web server answers there, and "0.0.0.0" reaches the local
// host on Linux. The metadata addresses of cloud providers are never
// fetched either, even with AllowPrivate: an intranet has no pages there,
// and they hand out the machine's credentials.
var ranges = func() []addrRange {
	rs := []struct {
		cidr  string
		class class
		what  string
	}{
		// IPv4.
		{"169.254.169.254/32", never, "cloud metadata address"},
		{"168.63.129.16/32", never, "cloud metadata address"},
		{"0.0.0.0/8", never, "unspecified (this network)"},
		{"10.0.0.0/8", private, "private network"},
		{"100.64.0.0/10", private, "shared address space (CGNAT)"},
		{"127.0.0.0/8", private, "loopback"},
		{"169.254.0.0/16", private, "link-local"},
		{"172.16.0.0/12", private, "private network"},
		{"192.0.0.0/24", private, "IETF protocol assignments"},
		{"192.0.2.0/24", private, "documentation (TEST-NET-1)"},
		{"192.88.99.0/24", private, "6to4 relay anycast"},
		{"192.168.0.0/16", private, "private network"},
		{"198.18.0.0/15", private, "benchmarking"},
		{"198.51.100.0/24", private, "documentation (TEST-NET-2)"},
		{"203.0.113.0/24", private, "documentation (TEST-NET-3)"},
		{"224.0.0.0/4", never, "multicast"},
		{"255.255.255.255/32", never, "broadcast"},
		{"240.0.0.0/4", never, "reserved"},
		// IPv6.
		{"fd00:ec2::254/128", never, "cloud metadata address"},
		{"::/128", never, "unspecified"},
		{"::1/128", private, "loopback"},
		{"::/96", private, "IPv4-compatible (deprecated)"},
		{"64:ff9b:1::/48", private, "local-use NAT64"},
		{"100::/64", never, "discard-only"},
		{"2001::/23", private, "IETF protocol assignments (Teredo, ORCHID)"},
		{"2001:db8::/32", private, "documentation"},
		{"3fff::/20", private, "documentation"},
		{"fc00::/7", private, "unique local (ULA)"},
		{"fe80::/10", private, "link-local"},
		{"fec0::/10", private, "site-local (deprecated)"},
		{"ff00::/8", never, "multicast"},
	}
	out := make([]addrRange, len(rs))
	for i, r := range rs {
		out[i] = addrRange{netip.MustParsePrefix(r.cidr), r.class, r.what}
	}
	return out
}()

// Prefixes whose addresses carry an IPv4 address, judged by that address.
var (
	nat64 = netip.MustParsePrefix("64:ff9b::/96") // RFC 6052 well-known prefix
	sixTo = netip.MustParsePrefix("2002::/16")    // RFC 3056 6to4
)

// classify returns the class of ip and, when it is not public, what range
// it falls in.
func classify(ip netip.Addr) (class, string) {
	ip = ip.WithZone("")
	if ip.Is4In6() {
		c, what := classify(ip.Unmap())
		return c, "IPv4-mapped " + what
	}
	if ip.Is6() {
		b := ip.As16()
		switch {
		case nat64.Contains(ip):
			c, what := classify(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}))
			return c, "NAT64 of " + what
		case sixTo.Contains(ip):
			c, what := classify(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}))
			return c, "6to4 of " + what
		}
	}
	for _, r := range ranges {
		if r.prefix.Contains(ip) {
			return r.class, r.what
		}
	}
	return public, "public"
}

// checkAddr returns nil when ip may be connected to, else an error
// wrapping ErrBlocked that names the address and its range.
func checkAddr(ip netip.Addr, allowPrivate bool) error {
	if !ip.IsValid() {
		return fmt.Errorf("%w: invalid address", ErrBlocked)
	}
	c, what := classify(ip)
	switch {
	case c == public, c == private && allowPrivate:
		return nil
	case c == private:
		return fmt.Errorf("%w: %s is %s (allow with the fetch-allow-private switch)", ErrBlocked, ip, what)
	}
	return fmt.Errorf("%w: %s is %s", ErrBlocked, ip, what)
}
