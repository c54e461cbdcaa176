package quote

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

func TestAttribution(t *testing.T) {
	tests := []struct {
		name    string
		body    []string
		text    string // the quote to look at
		speaker string
		kind    string
	}{
		{"X said after", []string{`"The bridge will reopen in May," Anna Berg said.`}, "The bridge will reopen in May,", "Anna Berg", "direct"},
		{"said X after", []string{`"We are ready," said Tomas Reyes, the fire chief.`}, "We are ready,", "Tomas Reyes", "direct"},
		{"X said colon before", []string{`Mayor Lena Ortiz said: "Nobody will be left behind."`}, "Nobody will be left behind.", "Lena Ortiz", "direct"},
		{"told outlet", []string{`Energy minister Paul Okafor told Radio Nine that "prices will fall by winter".`}, "prices will fall by winter", "Paul Okafor", "partial"},
		{"pronoun", []string{`Rita Mendes runs the shelter.`, `"We have no beds left," she said.`}, "We have no beds left,", "Rita Mendes", "direct"},
		{"surname expands to full name", []string{`Council leader Imran Shah spoke first.`, `"It is a good day," Shah said.`}, "It is a good day,", "Imran Shah", "direct"},
		{"continuation paragraph", []string{`Judge Maria Lopez said: "The evidence is clear.`, `"The defendant knew what he was doing."`}, "The defendant knew what he was doing.", "Maria Lopez", "direct"},
		{"curly single quotes and apostrophes", []string{"\u2018We don\u2019t give up,\u2019 Owen Hart said."}, "We don\u2019t give up,", "Owen Hart", "direct"},
		{"anonymous speaker", []string{`"Supplies are running low," one official said.`}, "Supplies are running low,", "one official", "direct"},
		{"partial in reported speech", []string{`Sara Lind said the plan was "deeply flawed" and would fail.`}, "deeply flawed", "Sara Lind", "partial"},
		{"collective with a capitalised modifier", []string{`Former council PR aides called it "a slow-motion collapse" on Monday.`}, "a slow-motion collapse", "Former council PR aides", "partial"},
		{"anonymous speaker after the verb", []string{`Ann Cole spoke first.`, `"The ruling cannot stand," said one legal expert, as reported by the Courier.`}, "The ruling cannot stand,", "one legal expert", "direct"},
		{"one word after a verb and its object", []string{`Mayor Ana Ruiz spoke on the radio.`, `She asked her neighbours to "stay" despite the floods.`}, "stay", "Ana Ruiz", "partial"},
		{"she added after a quote goes to its speaker", []string{`Ana Ruiz met Tomas Brandt on Monday.`, `Ruiz said the plan of Tomas Brandt was "reckless and costly". She added: "We will fight it in court."`}, "We will fight it in court.", "Ana Ruiz", "direct"},
		{"declaring", []string{`Governor Ann Cole opened the session, declaring: "This state is open for business."`}, "This state is open for business.", "Ann Cole", "direct"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Attributor{}.Process(context.Background(), model.Article{Body: tt.body})
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range a.Quotes {
				if q.Text == tt.text {
					if q.Speaker != tt.speaker || q.Kind != tt.kind {
						t.Errorf("speaker %q kind %s, want %q %s", q.Speaker, q.Kind, tt.speaker, tt.kind)
					}
					return
				}
			}
			t.Errorf("quote %q not found in %+v", tt.text, a.Quotes)
		})
	}
}

// TestPrecisionRules covers the rules that keep wrong speakers and
// non-speech out of the quotes, each with a case it must not misfire on.
// All sentences are invented.
func TestPrecisionRules(t *testing.T) {
	tests := []struct {
		name    string
		body    []string
		text    string // the quote to look at
		speaker string
		absent  bool // the quote must not be listed
	}{
		// Abbreviations do not end the sentence that names the speaker.
		{"title abbreviation after", []string{`"We will appeal," said Sen. Ana Ruiz of Nevada.`}, "We will appeal,", "Ana Ruiz", false},
		{"abbreviation before", []string{`Gov. Ben Ode said Mr. Hale had "no standing in this case."`}, "no standing in this case.", "Ben Ode", false},
		// Appositions: the name before them speaks, not a name inside them.
		{"apposition with possessive", []string{`"It will pass," Dana Reyes, Cole's chief strategist, said.`}, "It will pass,", "Dana Reyes", false},
		{"possessive description alone", []string{`"No comment," Ann Cole's chief aide said.`}, "No comment,", "Ann Cole's chief aide", false},
		{"party tag", []string{`"Enough is enough," Sen. Mark Dunn, R-Ohio, said.`}, "Enough is enough,", "Mark Dunn", false},
		{"place apposition", []string{`Lena Park, in Denver, said the plan was "dead on arrival."`}, "dead on arrival.", "Lena Park", false},
		{"apposition before said comma", []string{`Tad Voss, the union's lawyer, said, "We will sue the city."`}, "We will sue the city.", "Tad Voss", false},
		// A full stop inside the quote ends the sentence: the next subject is not its speaker.
		{"new sentence after full stop", []string{`Ana Ruiz said the tax was "a slow disaster." Ben Ode called it "a welcome relief."`}, "a slow disaster.", "Ana Ruiz", false},
		{"comma keeps the reporting clause", []string{`"We are done here," Ben Ode said.`}, "We are done here,", "Ben Ode", false},
		{"clause opener after quote", []string{`Ana Ruiz called the plan "a fair deal" and Ben Ode says it is "a trap for renters."`}, "a fair deal", "Ana Ruiz", false},
		// The subject of a participle clause ("…, calling him") is the clause's, past an opening phrase.
		{"participle after opening phrase", []string{`Early in the debate, Ana Ruiz attacked Ben Ode, calling him "a career politician."`}, "a career politician.", "Ana Ruiz", false},
		{"absolute with", []string{`Voters were unhappy with the budget, with Ben Ode calling it "a farce from start to finish."`}, "a farce from start to finish.", "Ben Ode", false},
		{"said, adding", []string{`The talks resume Monday, Ana Ruiz said, adding, "Nobody wants a strike."`}, "Nobody wants a strike.", "Ana Ruiz", false},
		{"elided subject after and", []string{`Ana Ruiz compared the bill to a tax hike, and urged voters to "reject it at the polls."`}, "reject it at the polls.", "Ana Ruiz", false},
		// A fragment in a sentence without a reporting verb is its subject's.
		{"subject of the sentence", []string{`Ana Ruiz mocked her rival for "having a rough night" after the count.`}, "having a rough night", "Ana Ruiz", false},
		{"subject after an opening phrase", []string{`Speaking on the radio, Ben Ode referred to the mayor as "a decent, able man" twice.`}, "a decent, able man", "Ben Ode", false},
		{"pronoun subject", []string{`Ana Ruiz lost the vote.`, `She blamed "a closed primary and a short campaign" for the defeat.`}, "a closed primary and a short campaign", "Ana Ruiz", false},
		{"opening word is no subject", []string{`Once a small club, the "reading circle movement" now has members everywhere.`}, "reading circle movement", "", true},
		{"question has no speaker", []string{`Will Ana Ruiz see a "second wave of support" in the south?`}, "second wave of support", "", false},
		// A dash after a quote signs it.
		{"dash signature", []string{"\u201cI would rather move than stay under these rules.\u201d \u2015 Lena Park"}, "I would rather move than stay under these rules.", "Lena Park", false},
		{"dash signature with description", []string{`"We need the bus back." - Tom Hale, a driver in Leeds`}, "We need the bus back.", "Tom Hale", false},
		{"sign-off is no signature", []string{`Ana Ruiz said the town was "still the best place to live."--Tom Hale.`}, "still the best place to live.", "Ana Ruiz", false},
		{"dash clause is no signature", []string{`"We need the bus back," Tom Hale said - But Nobody Listened.`}, "We need the bus back,", "Tom Hale", false},
		// Reporting verbs are lower-case words: "States" is no "states".
		{"proper noun is no verb", []string{`Ana Ruiz wants the United States to "pay its share of the bill."`}, "pay its share of the bill.", "", false},
		// A single quoted word is a scare quote or a term, not speech.
		{"single word after a reporting verb", []string{`Ana Ruiz called the plan "reckless" on Monday.`}, "reckless", "Ana Ruiz", false},
		{"name after called is its object", []string{`In a statement, the Harbor Workers Union called Ana Ruiz "a true friend of the docks" on Monday.`}, "a true friend of the docks", "Harbor Workers Union", false},
		{"single word after describing as", []string{`Ana Ruiz is describing as "unhinged" a late-night post by her rival.`}, "unhinged", "Ana Ruiz", false},
		{"single word far from the verb dropped", []string{`Ana Ruiz said the rules on "reform" would change.`}, "reform", "", true},
		{"one-word title after a cue", []string{`Her new documentary "Harbor" opens on Friday.`}, "Harbor", "", true},
		{"numeral title after a possessive", []string{`Ana Ruiz's "9th" looks at the prison system.`}, "9th", "", true},
		{"two words kept", []string{`Ana Ruiz called the plan "simply reckless" on Monday.`}, "simply reckless", "Ana Ruiz", false},
		// Titles of shows, books and films are names, not speech.
		{"show after outlet possessive", []string{`Ana Ruiz said on NBC's "Meet the Voters" that she would run.`}, "Meet the Voters", "", true},
		{"film title without speaker", []string{`The film "A Quiet Harbor Town" opens on Friday.`}, "A Quiet Harbor Town", "", true},
		{"title-cased speech kept", []string{`"Absolutely Not," Ana Ruiz said.`}, "Absolutely Not,", "Ana Ruiz", false},
		// Transcript turns name their speaker.
		{"transcript turn", []string{`RUIZ: I said "no deal, not ever" and I meant it.`}, "no deal, not ever", "Ruiz", false},
		{"quoted transcript line", []string{`"ODE: We will not back down on this."`}, "We will not back down on this.", "Ode", false},
		{"transcript label is no part of the quote", []string{`"ODE: We will not back down on this."`}, "ODE: We will not back down on this.", "", true},
		{"trailer after a transcript is no speech", []string{`"RUIZ: Thank you for having me."`, `"Follow Tom Hale on Twitter @tomhale."`}, "Follow Tom Hale on Twitter @tomhale.", "", true},
		{"a quote that opens with follow is speech", []string{`"RUIZ: Thank you for having me."`, `"Follow the money and you will find the truth," Ben Ode said.`}, "Follow the money and you will find the truth,", "Ben Ode", false},
		{"label is no speaker", []string{`VIDEO: "We will win this race," Ana Ruiz said.`}, "We will win this race,", "Ana Ruiz", false},
		// A colon or dash after a clause naming someone introduces their words.
		{"colon after name", []string{`Here is Ana Ruiz in 2010: "Taxes will never rise on my watch."`}, "Taxes will never rise on my watch.", "Ana Ruiz", false},
		{"colon after object", []string{`Ana Ruiz praised the mayor and contrasted him with Ben Ode: "He never showed up for us."`}, "He never showed up for us.", "Ana Ruiz", false},
		{"colon without a person", []string{`The sign on the door read: "Closed until further notice."`}, "Closed until further notice.", "", false},
		// After the quote: "according to X", a dash-cut clause, a long inverted clause.
		{"according to after", []string{`"The deal is off for now," according to Ben Ode.`}, "The deal is off for now,", "Ben Ode", false},
		{"dash cuts the clause", []string{`"Born to lose," Ben Ode said - but nobody laughed at the joke that night in town.`}, "Born to lose,", "Ben Ode", false},
		{"long inverted clause", []string{`"Who pays for this?" said Ana Ruiz, using a phrase her rival had made famous on the campaign trail.`}, "Who pays for this?", "Ana Ruiz", false},
		// Speakers are people or bodies, never a sentence's other words.
		{"possessive head is no person", []string{`Ana Ruiz sued the bank. The bank's conduct said: "We owe nothing to anyone."`}, "We owe nothing to anyone.", "", false},
		{"possessive head is a person", []string{`"We owe nothing," the bank's lawyer said.`}, "We owe nothing,", "bank's lawyer", false},
		{"verb after quote takes an object", []string{`Ana Ruiz said in a letter that the poster "plainly and wrongly" suggests that the town and its staff back her rival.`}, "plainly and wrongly", "Ana Ruiz", false},
		{"sentence end breaks a name", []string{`"We are in a bad spot," Chancellor Ana Ruiz told reporters after a long meeting held on a boat that sailed down the Volga. She said more talks were due.`}, "We are in a bad spot,", "Ana Ruiz", false},
		{"contraction is no name", []string{`Ben Ode read the poll aloud. "I'm going to read you the question: 'Should the tax stay?'"`}, "I'm going to read you the question: 'Should the tax stay?'", "", false},
		{"party adjective is no name", []string{`The survey rated 30% of Venetian claims as "mostly false" this year.`}, "mostly false", "", true},
		{"inverted speaker past a place", []string{`"This is a waste of time," said Rep. Ana Ruiz of the Lake Islands.`}, "This is a waste of time,", "Ana Ruiz", false},
		{"role words inside the subject", []string{`Liberal front-runner Ana Ruiz, also touring the north, said the mayor failed and accused him of "wasting every penny we gave him."`}, "wasting every penny we gave him.", "Ana Ruiz", false},
		{"pronoun subject is no verb's object", []string{`Ben Ode spoke first. Ana Ruiz said last week that Ode stands for "old money," stating at the debate that they are "out of touch with the town."`}, "out of touch with the town.", "Ana Ruiz", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Attributor{}.Process(context.Background(), model.Article{Body: tt.body})
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range a.Quotes {
				if q.Text == tt.text {
					if tt.absent {
						t.Errorf("quote %q listed (speaker %q), want it left out", q.Text, q.Speaker)
					} else if q.Speaker != tt.speaker {
						t.Errorf("speaker %q, want %q", q.Speaker, tt.speaker)
					}
					return
				}
			}
			if !tt.absent {
				t.Errorf("quote %q not found in %+v", tt.text, a.Quotes)
			}
		})
	}
}

func TestAbbrevBefore(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"said Sen.", true}, {"Laurence H.", true}, {"in the U.S.", true}, {"(R-Wis.", true},
		{"He fell ill.", false}, {"they will miss.", false}, {"It was over.", false}, {"Ms. Cole left.", false},
	} {
		if got := abbrevBefore(tt.s, len(tt.s)-1); got != tt.want {
			t.Errorf("abbrevBefore(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestTitleCase(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"Meet the Press", true}, {"The Art of the Deal.", true}, {"Crippled Nation: How to Fix It,", true},
		{"Absolutely not,", false}, {"We are ready", false}, {"Why Not Us?", false}, {"Reckless", false},
	} {
		if got := titleCase(tt.s); got != tt.want {
			t.Errorf("titleCase(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestNoQuotesInApostrophes(t *testing.T) {
	a, _ := Attributor{}.Process(context.Background(), model.Article{Body: []string{"Putin\u2019s forces and the \u201990s rock band\u2019s fans don\u2019t agree."}})
	if len(a.Quotes) != 0 {
		t.Errorf("apostrophes read as quotes: %+v", a.Quotes)
	}
}

func BenchmarkAttributor(b *testing.B) {
	body := []string{
		`Mayor Lena Ortiz said: "Nobody will be left behind. We will rebuild every home."`,
		`The council met on Monday. "We have no money left," one official said.`,
		`Opposition leader Karl Weiss said the plan was "deeply flawed" and would fail.`,
		`"It is a good day," Ortiz said, adding: "The river has gone down."`,
	}
	for len(body) < 40 {
		body = append(body, body[:4]...)
	}
	a := model.Article{Body: body}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Attributor{}.Process(context.Background(), a)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

func TestScareQuotes(t *testing.T) {
	for _, tc := range []struct {
		body, text, kind string
	}{
		{`The so-called "reforms" left the harbour town poorer than before.`, "reforms", model.QuoteScare},
		{`The "temporary" tax has now run for a decade.`, "temporary", model.QuoteScare},
		{`"We will rebuild the pier," the mayor said on Monday.`, "We will rebuild the pier,", model.QuoteDirect},
	} {
		a, err := Attributor{}.Process(context.Background(), model.Article{Body: []string{tc.body}})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, q := range a.Quotes {
			if q.Text == tc.text {
				found = true
				if q.Kind != tc.kind {
					t.Errorf("%q: kind %s, want %s", tc.text, q.Kind, tc.kind)
				}
				if q.Kind == model.QuoteScare && q.Speaker != "" {
					t.Errorf("%q: a scare quote has speaker %q", tc.text, q.Speaker)
				}
			}
		}
		if !found {
			t.Errorf("%q not found in %+v", tc.text, a.Quotes)
		}
	}
}

// TestPronounSkipsPlaces checks that "he" goes to the person named last,
// not to a place or organisation named after them.
func TestPronounSkipsPlaces(t *testing.T) {
	a := model.Article{
		Body: []string{
			`Tomas Reyes walked through Riverside Park on Sunday.`,
			`"We will rebuild the bandstand," he said.`,
		},
		Entities: []model.Entity{
			{Name: "Tomas Reyes", Type: model.Person, Aliases: []string{"Reyes"}},
			{Name: "Riverside Park", Type: model.Place},
		},
	}
	a, err := Attributor{}.Process(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Quotes) != 1 || a.Quotes[0].Speaker != "Tomas Reyes" {
		t.Errorf("quotes = %+v, want one by Tomas Reyes", a.Quotes)
	}
}
