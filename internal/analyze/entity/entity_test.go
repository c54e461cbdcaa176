package entity

import (
	"context"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

func find(es []model.Entity, name string) *model.Entity {
	for i := range es {
		if es[i].Name == name {
			return &es[i]
		}
	}
	return nil
}

func TestTagger(t *testing.T) {
	body := []string{
		"Foreign Minister Anna Kowalska arrived in Warsaw on Monday to meet officials from the European Commission.",
		"Ms Kowalska said the talks in Berlin had gone well. Kowalska will travel to London next week.",
		"Polish farmers protested outside the ministry.",
	}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, typ string
	}{
		{"Anna Kowalska", model.Person},
		{"Warsaw", model.Place},
		{"Berlin", model.Place},
		{"London", model.Place},
	}
	for _, tt := range tests {
		e := find(a.Entities, tt.name)
		if e == nil {
			t.Errorf("%s not found in %+v", tt.name, a.Entities)
			continue
		}
		if e.Type != tt.typ {
			t.Errorf("%s typed %s, want %s", tt.name, e.Type, tt.typ)
		}
	}
	if e := find(a.Entities, "Anna Kowalska"); e != nil && e.Mentions < 3 {
		t.Errorf("short and titled forms not tied to the full name: %+v", e)
	}
	if find(a.Entities, "Polish") != nil {
		t.Error("a nationality word became an entity")
	}
	if len(a.Mentions) == 0 {
		t.Error("no mentions recorded")
	}
}

func TestMergeVariants(t *testing.T) {
	arts := []model.Article{
		{Entities: []model.Entity{{Name: "Izium", Type: model.Place, Mentions: 3}, {Name: "Volodymyr Zelensky", Type: model.Person, Mentions: 5}}},
		{Entities: []model.Entity{{Name: "Izyum", Type: model.Place, Mentions: 1}, {Name: "Volodimir Zelensky", Type: model.Person, Mentions: 1}, {Name: "Kyiv", Type: model.Person, Mentions: 1}}},
		{Entities: []model.Entity{{Name: "Kyiv", Type: model.Place, Mentions: 2}, {Name: "Irpin", Type: model.Place, Mentions: 1}, {Name: "Irina", Type: model.Person, Mentions: 1}}},
	}
	if err := (Merge{}).Apply(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	if find(arts[1].Entities, "Izium") == nil || find(arts[1].Entities, "Volodymyr Zelensky") == nil {
		t.Errorf("variants not merged under the common spelling: %+v", arts[1].Entities)
	}
	if e := find(arts[1].Entities, "Kyiv"); e == nil || e.Type != model.Place {
		t.Errorf("type not voted across articles: %+v", arts[1].Entities)
	}
	if find(arts[2].Entities, "Irina") == nil {
		t.Error("different names merged")
	}
}

func BenchmarkTagger(b *testing.B) {
	body := []string{
		"Foreign Minister Anna Kowalska arrived in Warsaw on Monday to meet officials from the European Commission.",
		"Ms Kowalska said the talks in Berlin had gone well, and that the Polish government would send aid to Ukraine.",
		"Kowalska will travel to London next week, where she is expected to meet Prime Minister John Hale.",
	}
	for len(body) < 30 {
		body = append(body, body[:3]...)
	}
	a := model.Article{Body: body}
	words := 0
	for _, p := range body {
		words += len(tokens(p, 0))
	}
	Tagger{}.Process(context.Background(), a) // load the model outside the timing
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Tagger{}.Process(context.Background(), a)
	}
	b.ReportMetric(float64(b.N*words)/b.Elapsed().Seconds(), "words/s")
}

func TestOrganisationShortForms(t *testing.T) {
	ms := []mention{
		{text: "Brontel Motors Corporation", name: "Brontel Motors Corporation", typ: "ORG"},
		{text: "Brontel Motors", name: "Brontel Motors", typ: "LOC"},
		{text: "BM", name: "BM", typ: "ORG"},
		{text: "Brontel Bay", name: "Brontel Bay", typ: "LOC"},
	}
	ents, _ := resolve(ms)
	if len(ents) != 2 {
		t.Fatalf("entities %+v; want the company (with its short forms) and the bay", ents)
	}
	for _, e := range ents {
		if e.Name == "Brontel Motors Corporation" && (e.Type != model.Org || e.Mentions != 3) {
			t.Errorf("company: %+v", e)
		}
	}
	if got := retype("Qantor Airlines", "LOC", false); got != "ORG" {
		t.Errorf("retype(Qantor Airlines) = %s, want ORG", got)
	}
}

func TestOrganisations(t *testing.T) {
	tests := []struct {
		name string
		body []string
		ent  string // entity looked for
		typ  string // its type; "" means no such entity
	}{
		{"company in the gazetteer", []string{"Analysts expect Lufthansa to raise fares before the summer."}, "Lufthansa", model.Org},
		{"airline in the gazetteer, several words", []string{"Passengers stranded by Aer Lingus were rebooked on Tuesday."}, "Aer Lingus", model.Org},
		{"company words make the name", []string{"Shares rose after Northrop Grumman won the contract."}, "Northrop Grumman", model.Org},
		{"corporate suffix", []string{"The contract went to Velmora Brakes Ltd. in the end."}, "Velmora Brakes Ltd.", model.Org},
		{"head of and its complement", []string{"Officials said the Bank of Freedonia would cut rates."}, "Bank of Freedonia", model.Org},
		{"noun before the name", []string{"The deal was a blow to the carmaker Velmora, which had bid high."}, "Velmora", model.Org},
		{"shares of", []string{"Investors sold shares of Kestrelon on Friday."}, "Kestrelon", model.Org},
		{"spokeswoman for", []string{"A spokeswoman for Tamsic declined to comment."}, "Tamsic", model.Org},
		{"possessive role", []string{"Analysts said Kestrelon's chief executive would resign."}, "Kestrelon", model.Org},
		{"appositive head", []string{"The order went to Dravenko, the aircraft maker, last week."}, "Dravenko", model.Org},
		{"news agency", []string{"The state Tarsin news agency reported the fire."}, "Tarsin", model.Org},
		{"name after of is the company", []string{"Shares of Nvidia fell sharply on Wednesday."}, "Nvidia", model.Org},
		{"one sense per document", []string{"Qantas cut flights.", "Workers at Qantas were told of the cuts in Sydney."}, "Qantas", model.Org},
		{"common word repeated as a name", []string{"Investors like Visa more than rivals do.", "Customers of Visa complained, and Visa apologised."}, "Visa", model.Org},
		{"common word at sentence start only", []string{"Visa rules were tightened for students."}, "Visa", ""},
		{"company word as a surname", []string{"Detective Michael Gallagher arrived in Dublin on Monday. Gallagher said the case was closed."}, "Michael Gallagher", model.Person},
		{"no company party", []string{"He was shot at a company Christmas party in the city."}, "Christmas", ""},
		{"spokesman is no company", []string{"Simon Grell, a spokesman for the company, declined to comment."}, "Simon Grell", model.Person},
		{"unit in a place", []string{"He was moved from a prison unit in Huntsville on Monday."}, "Huntsville", model.Place},
		{"titles end an of-name", []string{"The Government of Prime Minister Anna Vell fell on Monday."}, "Anna Vell", model.Person},
		{"function word opens no name", []string{"The Siemens plant will close."}, "Siemens", model.Org},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Tagger{}.Process(context.Background(), model.Article{Body: tt.body})
			if err != nil {
				t.Fatal(err)
			}
			e := find(a.Entities, tt.ent)
			switch {
			case tt.typ == "" && e != nil:
				t.Errorf("%s found as %s; want no entity", tt.ent, e.Type)
			case tt.typ != "" && e == nil:
				t.Errorf("%s not found in %+v", tt.ent, a.Entities)
			case e != nil && e.Type != tt.typ:
				t.Errorf("%s typed %s, want %s", tt.ent, e.Type, tt.typ)
			}
		})
	}
}

func TestOrgGazetteer(t *testing.T) {
	g := orgNames()
	for _, n := range []string{"lufthansa", "aer lingus"} {
		if g[n] != orgName {
			t.Errorf("%q not in the organisation gazetteer as a name", n)
		}
	}
	if g["visa"] != orgCommon {
		t.Errorf("visa: %d, want it marked a common word", g["visa"])
	}
	if g["the"] == orgName {
		t.Error("a function word is a company name")
	}
}

func TestCityNotPerson(t *testing.T) {
	tests := []struct {
		name string
		ms   []mention
		want string
	}{
		{"city tagged a person", []mention{{text: "Lisbon", name: "Lisbon", typ: "PER"}}, model.Place},
		{"titled surname stays a person", []mention{{text: "Mr Lisbon", name: "Lisbon", typ: "PER", titled: true}}, model.Person},
		{"full name stays a person", []mention{{text: "Tom Lisbon", name: "Tom Lisbon", typ: "PER"}, {text: "Lisbon", name: "Lisbon", typ: "PER"}}, model.Person},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ents, _ := resolve(tt.ms)
			if len(ents) != 1 || ents[0].Type != tt.want {
				t.Errorf("entities %+v, want one of type %s", ents, tt.want)
			}
		})
	}
}

func TestPropagateLongNames(t *testing.T) {
	paras := []string{
		"Kestrel Dynamics won the order.",
		"Later, Kestrel Dynamics said the Kestrel Dynamics Group would build it.",
	}
	ms := []mention{{text: "Kestrel Dynamics", name: "Kestrel Dynamics", typ: "ORG", para: 0, start: 0, end: 16}}
	got := propagate(ms, paras)
	var added []mention
	for _, m := range got[1:] {
		added = append(added, m)
	}
	if len(added) != 1 || added[0].para != 1 || paras[1][added[0].start:added[0].end] != "Kestrel Dynamics" || added[0].typ != "ORG" {
		t.Errorf("added %+v; want the one whole later mention of Kestrel Dynamics, not the part of a longer name", added)
	}
}

// TestGivenNames checks that a given name and a surname make a person even
// where the surname alone is a town or the given name a country, and that
// names of places and buildings that start with a given name stay what
// they are.
func TestGivenNames(t *testing.T) {
	body := []string{
		"Martin Oxford, a chemist at the institute, said the samples were clean. Oxford has tested them since May.",
		"Chad Lindqvist, the acting director, declined to comment. Lindqvist was in Geneva on Monday.",
		"The concert moved from Victoria Falls to Forest Hill after the storm.",
	}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Martin Oxford", "Chad Lindqvist"} {
		e := find(a.Entities, name)
		if e == nil || e.Type != model.Person {
			t.Errorf("%s: got %+v, want a person", name, e)
			continue
		}
		if e.Mentions < 2 {
			t.Errorf("%s: the surname alone was not tied to the person: %+v", name, e)
		}
	}
	for _, name := range []string{"Victoria Falls", "Forest Hill"} {
		if e := find(a.Entities, name); e != nil && e.Type == model.Person {
			t.Errorf("%s typed a person", name)
		}
	}
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"Andrew Vaughan", true}, {"Chad Wolf", true}, {"Ludwig van Beethoven", true},
		{"Jordan Valley", false}, {"Grace Hall", false}, {"Jordan", false}, {"Kyiv Oblast", false},
	} {
		if got := personByForm(tt.name); got != tt.want {
			t.Errorf("personByForm(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestTitleInsideSpan checks that a description and a title written into
// one capitalised span before a person's name leave the person's name.
func TestTitleInsideSpan(t *testing.T) {
	body := []string{"Harbour Workers Union President Maria Keller said the strike would go on. Riverside County Sheriff Tomas Brandt disagreed. Former Secretary of State Ana Ruiz stayed silent."}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Maria Keller", "Tomas Brandt", "Ana Ruiz"} {
		if e := find(a.Entities, name); e == nil || e.Type != model.Person {
			t.Errorf("%s: got %+v in %+v", name, e, a.Entities)
		}
	}
}

// TestNamePrefixes checks names whose first word is mostly a common word
// ("New") and a newspaper named after its city.
func TestNamePrefixes(t *testing.T) {
	body := []string{"She moved to New York City in 2010. The New York Times reported the move. Officials in New York and San Diego agreed with the United Nations."}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, typ string }{
		{"New York City", model.Place}, {"New York Times", model.Org}, {"New York", model.Place}, {"San Diego", model.Place}, {"United Nations", model.Org},
	} {
		if e := find(a.Entities, tt.name); e == nil || e.Type != tt.typ {
			t.Errorf("%s: got %+v, want %s, in %+v", tt.name, e, tt.typ, a.Entities)
		}
	}
}

// TestOrganisationHeads checks that a lone head word takes the name
// before it, and that a lower-case head word the tagger marked does not
// stall the tagger (it once looped on "the Republican party").
func TestOrganisationHeads(t *testing.T) {
	body := []string{
		"The Republican Party met on Monday, and Pew Research Center published a poll.",
		"The roots of the revolt were in the Republican party in 2010, Republicans and Democrats agree.",
	}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, typ string }{
		{"Republican Party", model.Org}, {"Pew Research Center", model.Org}, {"Republicans", model.Other}, {"Democrats", model.Other},
	} {
		if e := find(a.Entities, tt.name); e == nil || e.Type != tt.typ {
			t.Errorf("%s: got %+v, want %s, in %+v", tt.name, e, tt.typ, a.Entities)
		}
	}
}

// TestGivenNameAlone checks that a person called by a given name alone is
// the one person of the article with that given name, and that a place
// named alone stays a place.
func TestGivenNameAlone(t *testing.T) {
	body := []string{
		"Bernard Okafor spoke in Vermont. Bernard said the count was fair. Maria Keller, who was in Maryland, agreed.",
		"Later Maria left. Chris Evans and Tom Williams attended.",
	}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, typ string
		mentions  int
	}{
		{"Bernard Okafor", model.Person, 2}, {"Maria Keller", model.Person, 2}, {"Chris Evans", model.Person, 1},
		{"Tom Williams", model.Person, 1}, {"Vermont", model.Place, 1}, {"Maryland", model.Place, 1},
	} {
		if e := find(a.Entities, tt.name); e == nil || e.Type != tt.typ || e.Mentions != tt.mentions {
			t.Errorf("%s: got %+v, want %s with %d mentions", tt.name, e, tt.typ, tt.mentions)
		}
	}
}

// TestPartyLabels checks that US party labels around a name are no part
// of it: "R-Utah" after, "Democrat" before.
func TestPartyLabels(t *testing.T) {
	body := []string{"Rep. Tomas Brandt R-Utah said the panel would vote. Democrat Maria Keller disagreed. Sen. Ana Ruiz (D-Calif.) abstained."}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Tomas Brandt", "Maria Keller", "Ana Ruiz"} {
		if e := find(a.Entities, name); e == nil || e.Type != model.Person {
			t.Errorf("%s: got %+v in %+v", name, e, a.Entities)
		}
	}
	for _, e := range a.Entities {
		if strings.Contains(e.Name, "R-Utah") || strings.HasPrefix(e.Name, "Democrat") {
			t.Errorf("label kept as or in an entity: %+v", e)
		}
	}
}

// TestTitleCaseParagraph checks that a headline or crosshead set in title
// case gives only the names the rest of the article gives, not runs of
// capitalised words.
func TestTitleCaseParagraph(t *testing.T) {
	body := []string{
		"Ana Ruiz Hammers Harbour Board Over Delays In Leeds And France",
		"Ana Ruiz, the mayor, said the board had failed the city. Ruiz spoke in Leeds on Monday.",
	}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	if e := find(a.Entities, "Ana Ruiz"); e == nil || e.Type != model.Person || e.Mentions != 3 {
		t.Errorf("Ana Ruiz: got %+v, want a person named three times", e)
	}
	if e := find(a.Entities, "France"); e == nil || e.Type != model.Place {
		t.Errorf("France: got %+v, want a place", e)
	}
	for _, e := range a.Entities {
		if strings.Contains(e.Name, "Hammers") || strings.Contains(e.Name, "Delays") {
			t.Errorf("title-case run taken for a name: %+v", e)
		}
	}
}

// TestUntaggedNames checks the names the tagger does not know, typed by
// context: a person before a reporting verb or after a role, places after
// "the city of", after "the rivers" and in a list with places.
func TestUntaggedNames(t *testing.T) {
	body := []string{
		"Army commander-in-chief Oleh Marchuk says his forces advanced along the rivers Vyra and Sula.",
		"In the city of Nova Brovka, soldiers left a hospital. Troops entered Kharkiv, Balakivka and Kyiv on Sunday.",
		"Unlike Cruz, the senator did not vote.",
	}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, typ string }{
		{"Oleh Marchuk", model.Person}, {"Vyra", model.Place}, {"Sula", model.Place}, {"Nova Brovka", model.Place}, {"Balakivka", model.Place},
	} {
		if e := find(a.Entities, tt.name); e == nil || e.Type != tt.typ {
			t.Errorf("%s: got %+v, want %s, in %+v", tt.name, e, tt.typ, a.Entities)
		}
	}
	if e := find(a.Entities, "Unlike Cruz"); e != nil {
		t.Errorf("a sentence's first word joined a name: %+v", e)
	}
}

// TestOwnerIsNoCompany checks that a person whose company is named by a
// possessive stays a person: "a stake in Ana Ruiz's cosmetics company".
func TestOwnerIsNoCompany(t *testing.T) {
	body := []string{"The group took a majority stake in Maria Keller's cosmetics company. Maria Keller said the deal was fair."}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	if e := find(a.Entities, "Maria Keller"); e == nil || e.Type != model.Person {
		t.Errorf("Maria Keller: got %+v in %+v", e, a.Entities)
	}
}

// TestAppositions checks names a role in apposition describes, a
// messenger named as where someone wrote, a newspaper named as one, and
// an institute's name that runs on with "for".
func TestAppositions(t *testing.T) {
	body := []string{
		"Taras Hnatiuk, the head of the regional council, told the Volynski Visti newspaper that the dam held.",
		"Speaking in Lutsk, the deputy mayor, Iryna Oliinyk, urged residents to stay calm. She wrote on Telegram that help was coming.",
		"Roman Kovalchuk, an analyst at the Centre for Regional Studies, said the damage was limited.",
	}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, typ string }{
		{"Taras Hnatiuk", model.Person}, {"Iryna Oliinyk", model.Person}, {"Roman Kovalchuk", model.Person},
		{"Volynski Visti", model.Org}, {"Telegram", model.Org}, {"Centre for Regional Studies", model.Org},
	} {
		if e := find(a.Entities, tt.name); e == nil || e.Type != tt.typ {
			t.Errorf("%s: got %+v, want %s, in %+v", tt.name, e, tt.typ, a.Entities)
		}
	}
}

// TestOrganisationNames checks organisation names that hold a field word
// the tagger takes for a title, or "of" and a title word, and a two-word
// state whose first word is also a given name.
func TestOrganisationNames(t *testing.T) {
	body := []string{
		"The map the Russian Defense Ministry made public showed the retreat.",
		"After an inquiry, the Department of Justice sued North Carolina. The Department of Justice said it would not settle.",
	}
	a, err := Tagger{}.Process(context.Background(), model.Article{Body: body})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, typ string }{
		{"Defense Ministry", model.Org}, {"Department of Justice", model.Org}, {"North Carolina", model.Place},
	} {
		if e := find(a.Entities, tt.name); e == nil || e.Type != tt.typ {
			t.Errorf("%s: got %+v, want %s, in %+v", tt.name, e, tt.typ, a.Entities)
		}
	}
	for _, e := range a.Entities {
		if e.Type == model.Person {
			t.Errorf("no person here: %+v", e)
		}
	}
}

// TestListedPlaces checks that a lone name the tagger takes for a person
// is a place when a comma lists it with places, and stays a person when
// only "and" joins it to one ("talks between X and London").
func TestListedPlaces(t *testing.T) {
	for _, tt := range []struct{ body, name, typ string }{
		{"Floods reached Marlenko, London and Rome on Sunday.", "Marlenko", model.Place},
		{"Troops retook villages, the latest of which are Dovhenko, London and Paris.", "Dovhenko", model.Place},
		{"The minister met Varenko and officials in London on Sunday.", "Varenko", model.Person},
	} {
		a, err := Tagger{}.Process(context.Background(), model.Article{Body: []string{tt.body}})
		if err != nil {
			t.Fatal(err)
		}
		if e := find(a.Entities, tt.name); e == nil || e.Type != tt.typ {
			t.Errorf("%q: %s is %+v, want %s", tt.body, tt.name, e, tt.typ)
		}
	}
}
