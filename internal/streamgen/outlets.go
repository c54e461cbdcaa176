package streamgen

import "strings"

// outletInfo is a made-up outlet; domains are under .example, reserved
// for examples (RFC 2606), so no URL of the stream points anywhere real.
type outletInfo struct {
	name, domain string
}

// outlets lists the outlets, most read first: an event's outlets are drawn
// with weight 1/rank^0.9, so a few wires and national titles carry much of
// the stream and a long tail of local titles the rest.
var outlets = makeOutlets()

func makeOutlets() []outletInfo {
	out := []outletInfo{
		{"Continental Press Agency", "cpa-wire.example"},
		{"Global Wire Service", "globalwire.example"},
		{"National Daily", "nationaldaily.example"},
		{"The Morning Ledger", "morningledger.example"},
		{"Metro News Network", "mnn.example"},
		{"World Report", "worldreport.example"},
	}
	places := []string{
		"Northfield", "Harbor City", "Lakeside", "Riverton", "Bayview", "Westbrook", "Easton", "Maple Valley",
		"Granite Falls", "Cedar Point", "Ashford", "Fairhaven", "Clearwater", "Redwood", "Millbrook", "Stonebridge",
		"Oakdale", "Brighton Bay", "Silver Lake", "Pine Ridge",
	}
	titles := []string{"Courier", "Gazette", "Herald", "Tribune", "Observer", "Chronicle", "Sentinel", "Dispatch"}
	// Interleave so that the popular end of the list mixes places and titles.
	for i := range len(places) * len(titles) {
		p, t := places[i%len(places)], titles[(i/len(places)+i)%len(titles)]
		out = append(out, outletInfo{
			name:   "The " + p + " " + t,
			domain: strings.ToLower(strings.ReplaceAll(p, " ", "")+t) + ".example",
		})
	}
	return out
}
