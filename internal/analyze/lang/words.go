package lang

import (
	"strings"
	"unicode"
)

// functionWords are, for each Latin-script language, common short words
// (articles, prepositions, pronouns, auxiliaries, conjunctions) that occur
// in almost any sentence of it, headlines included. Words that several of
// these languages share are listed under each: the combination decides.
// Written from grammar, not from any corpus.
var functionWords = map[string]string{
	"en": "the of and to in is are was were for on with by at from that this it its as be has have had will would not but an after over says say said who new into about than more " +
		"during against amid up out off his her he she they we you how why what when where can could should may been being do does did no all one two first last year years back just get gets make makes take takes win wins dies killed calls call host hosts named set sets faces warns",
	"de": "der die das den dem des und ist sind war nicht mit von zu im auf für ein eine einen einem einer sich auch nach bei aus wie wird werden hat haben vor über um noch nur sie er es dass oder " +
		"neue neuen neuer gegen beim zum zur vom bis wegen soll sollen will kann muss gibt ab so",
	"fr": "le la les des du de un une et est sont pour dans sur par au aux avec ne pas qui que ce cette il elle ils se son sa ses plus après contre selon entre mais ont été être l d qu n " +
		"nouveau nouvelle nouvelles deux trois face lors sans sous vers chez",
	"es": "el la los las del de un una y es son para por con en que se su sus al lo como más pero ya tras contra según entre ha han fue este esta sobre sin hasta " +
		"nuevo nueva nuevos nuevas dos tres ante desde hacia le les",
	"it": "il lo la gli le dei degli delle del della di da in un una e è sono per con su che non si al alla nel nella dal dalla ha hanno più ma tra dopo come anche questo l dell nell all dall sull " +
		"nuovo nuova nuovi nuove due tre contro senza verso sul sui agli ai",
	"pt": "o a os as do da dos das de em no na nos nas um uma e é são para por com que se ao aos à não mais pelo pela seu sua foi como após contra até diz sobre " +
		"novo nova novos novas dois duas três pelos pelas sem entre ainda quer",
	"nl": "de het een en van in is zijn was niet met op voor aan door bij uit dat die deze er ook als om naar tot nog maar wordt worden heeft hebben na over zich " +
		"nieuwe nieuw af geen wel meer twee drie tegen wil moet kan zo al",
	"sv": "och i att det som en ett är på för med av till den de inte om har var från vid efter men ska kan nya sig hon han efter mot under",
	"da": "og i at det som en et er på for med af til den de ikke om har var fra ved efter men skal kan nye sig hun han mod under",
	"nb": "og i at det som en et er på for med av til den de ikke om har var fra ved etter men skal kan nye seg hun han mot under",
	"fi": "ja on ei se että oli ovat kun mutta myös tai jo vain sen hän ne mukaan jälkeen vuonna",
	"pl": "i w na z do się nie to że jest o od po za jak przez dla są oraz ale czy już jego jej tym tak być został została ze we",
	"cs": "a v na se je že s z do o k to ve za by jak po od pro jsou není byl byla které který ale také jeho ze",
	"sk": "a v na sa je že s z do o k to vo za by ako po od pre sú nie bol bola ktoré ktorý ale aj jeho zo",
	"ro": "și în la a de pe cu din pentru că nu este sunt un o al ale lui cel mai care se s-a au fost după despre",
	"hu": "a az és hogy nem is egy van meg el ki be le volt már csak de mint után szerint között",
	"tr": "ve bir bu da de ile için olarak olan gibi daha çok en ama sonra kadar ise mi yeni",
	"hr": "i u na je da se za od s sa su ne to iz o kao što koji koja nakon ali",
	"id": "dan yang di ke dari untuk dengan ini itu tidak akan pada dalam adalah oleh juga karena ada sudah",
	"ca": "el la els les de del dels i a en per amb que es un una al no més ha han seu seva però",
}

// letterHints are letters that mark one language (or a few) among the
// Latin-script ones, with the languages they point to.
var letterHints = map[rune][]string{
	'ß': {"de"},
	'ã': {"pt"}, 'õ': {"pt", "et"},
	'ñ': {"es"}, '¿': {"es"}, '¡': {"es"},
	'ł': {"pl"}, 'ś': {"pl"}, 'ź': {"pl"}, 'ż': {"pl"}, 'ą': {"pl"}, 'ę': {"pl"}, 'ć': {"pl", "hr"}, 'ń': {"pl"},
	'ř': {"cs"}, 'ů': {"cs"}, 'ě': {"cs"},
	'ľ': {"sk"}, 'ĺ': {"sk"}, 'ŕ': {"sk"},
	'ș': {"ro"}, 'ț': {"ro"}, 'ş': {"tr", "ro"}, 'ţ': {"ro"}, 'ă': {"ro", "vi"},
	'ğ': {"tr"}, 'ı': {"tr"}, 'İ': {"tr"},
	'ő': {"hu"}, 'ű': {"hu"},
	'å': {"sv", "da", "nb"}, 'ø': {"da", "nb"}, 'æ': {"da", "nb"},
	'đ': {"hr", "vi"},
	'ơ': {"vi"}, 'ư': {"vi"},
	'œ': {"fr"},
}

// wordSets is functionWords split into sets, built once.
var wordSets = func() map[string]map[string]bool {
	m := make(map[string]map[string]bool, len(functionWords))
	for code, list := range functionWords {
		set := map[string]bool{}
		for _, w := range strings.Fields(list) {
			set[w] = true
		}
		m[code] = set
	}
	return m
}()

// evidence scores each Latin-script language by the function words and
// marked letters text holds: a word counts 2, a marked letter 3 shared out
// among the languages it may mark.
func evidence(text string) map[string]float64 {
	score := map[string]float64{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '-' && r != '’'
	}) {
		w = strings.Trim(w, "'-’")
		// French and Italian elide articles: "l'été", "d'un".
		if i := strings.IndexAny(w, "'’"); i > 0 && i <= 4 {
			w = w[:i]
		}
		for code, set := range wordSets {
			if set[w] {
				score[code] += 2
			}
		}
	}
	for _, r := range text {
		if langs, ok := letterHints[r]; ok {
			for _, code := range langs {
				score[code] += 3 / float64(len(langs))
			}
		}
	}
	return score
}

// best returns the two highest-scoring languages, ties broken by code so
// that the answer does not depend on map order.
func best(score map[string]float64) (first, second string) {
	for code, s := range score {
		switch {
		case first == "" || s > score[first] || s == score[first] && code < first:
			first, second = code, first
		case second == "" || s > score[second] || s == score[second] && code < second:
			second = code
		}
	}
	return first, second
}
