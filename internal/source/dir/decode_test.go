package dir

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Texts written for these tests, one per language, encoded below in the
// legacy encodings such text arrives in.
const (
	textFR = "Le conseil municipal a approuvé mardi soir la création de trois nouvelles pistes cyclables après un long débat. « C'est un progrès », a déclaré la maire."
	textDE = "Der Stadtrat hat am Dienstagabend den Bau von drei neuen Radwegen beschlossen. Gegner warnten vor mehr Staus auf den Straßen, Befürworter sagten, die Wege würden sicherer."
	textEN = "The mayor said the new café would open next week, costing £20,000 to fit out – “a bargain”, she said."
	textPT = "A câmara municipal aprovou na terça-feira a construção de três novas ciclovias. As crianças irão para a escola com mais segurança e atenção."
	textPL = "Rada miasta we wtorek wieczorem po długiej debacie zatwierdziła budowę trzech nowych ścieżek rowerowych. Przeciwnicy obawiają się korków na dwóch ulicach."
	textCS = "Městská rada v úterý večer po dlouhé debatě schválila stavbu tří nových cyklostezek. Odpůrci se obávají zácp na dvou nejrušnějších ulicích."
	textRU = "Городской совет во вторник вечером после долгих обсуждений одобрил строительство трёх новых велодорожек. Противники опасаются пробок."
	textUK = "Міська рада у вівторок увечері після тривалого обговорення схвалила будівництво трьох нових велодоріжок. Противники побоюються заторів."
	textEL = "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη το βράδυ την κατασκευή τριών νέων ποδηλατοδρόμων μετά από μακρά συζήτηση."
	textTR = "Belediye meclisi salı akşamı uzun bir tartışmanın ardından üç yeni bisiklet yolunun yapımını onayladı. Karşı çıkanlar trafik sıkışıklığından endişe ediyor."
	textJA = "市議会は火曜日の夜、長い議論の末に三つの新しい自転車道の建設を承認した。反対派は交通渋滞を懸念しているが、賛成派は子どもたちが安全に通学できるようになると話している。"
	textZH = "市议会周二晚上经过长时间辩论，批准修建三条新的自行车道。反对者担心两条最繁忙的道路会更加拥堵，支持者则表示孩子们上学将更加安全。"
	textTW = "市議會週二晚上經過長時間辯論，批准修建三條新的自行車道。反對者擔心兩條最繁忙的道路會更加擁堵，支持者則表示孩子們上學將更加安全。"
	textKO = "시의회는 화요일 저녁 긴 토론 끝에 새 자전거 도로 세 개의 건설을 승인했다. 반대하는 사람들은 교통 체증을 걱정하고 있다."
)

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s[:20], err)
	}
	return b
}

func TestDecodeEncodings(t *testing.T) {
	utf16le := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	tests := []struct {
		name    string
		raw     []byte
		want    string // the decoded text must contain this
		wantEnc string
	}{
		{"UTF-8 kept", []byte(textFR), "création", "utf-8"},
		{"UTF-8 BOM stripped", append([]byte{0xEF, 0xBB, 0xBF}, textDE...), "Der Stadtrat", "utf-8"},
		{"ISO-8859-1 French", encode(t, charmap.ISO8859_1, textFR), "création de trois", "windows-1252"},
		{"ISO-8859-1 German", encode(t, charmap.ISO8859_1, textDE), "Straßen, Befürworter", "windows-1252"},
		{"windows-1252 curly quotes and dash", encode(t, charmap.Windows1252, textEN), "– “a bargain”", "windows-1252"},
		{"ISO-8859-1 Portuguese", encode(t, charmap.ISO8859_1, textPT), "construção", "windows-1252"},
		{"ISO-8859-2 Polish", encode(t, charmap.ISO8859_2, textPL), "zatwierdziła budowę", "iso-8859-2"},
		{"windows-1250 Czech", encode(t, charmap.Windows1250, textCS), "Městská rada", "windows-1250"},
		{"windows-1251 Russian", encode(t, charmap.Windows1251, textRU), "Городской совет", "windows-1251"},
		{"windows-1251 Ukrainian", encode(t, charmap.Windows1251, textUK), "Міська рада", "windows-1251"},
		{"KOI8-R Russian", encode(t, charmap.KOI8R, textRU), "Городской совет", "koi8-r"},
		{"ISO-8859-7 Greek", encode(t, charmap.ISO8859_7, textEL), "δημοτικό συμβούλιο", "iso-8859-7"},
		{"windows-1254 Turkish", encode(t, charmap.Windows1254, textTR), "tartışmanın", "windows-1254"},
		{"Shift_JIS Japanese", encode(t, japanese.ShiftJIS, textJA), "自転車道", "shift_jis"},
		{"EUC-JP Japanese", encode(t, japanese.EUCJP, textJA), "自転車道", "euc-jp"},
		{"GBK Chinese", encode(t, simplifiedchinese.GBK, textZH), "自行车道", "gb18030"},
		{"Big5 Chinese", encode(t, traditionalchinese.Big5, textTW), "自行車道", "big5"},
		{"EUC-KR Korean", encode(t, korean.EUCKR, textKO), "자전거 도로", "euc-kr"},
		{"UTF-16LE with BOM", append([]byte{0xFF, 0xFE}, encode(t, utf16le, textRU)...), "Городской совет", "utf-16le"},
		{"UTF-16LE without BOM", encode(t, utf16le, textDE), "Der Stadtrat", "utf-16le"},
		{"UTF-16BE without BOM", encode(t, utf16be, textFR), "création", "utf-16be"},
		{"UTF-16BE with BOM", append([]byte{0xFE, 0xFF}, encode(t, utf16be, textEN)...), "café", "utf-16be"},
		{"HTML meta charset iso-8859-1", append([]byte(`<html><head><meta charset="iso-8859-1"></head><body><p>`), encode(t, charmap.ISO8859_1, textFR)...), "création", "windows-1252"},
		{"HTML http-equiv windows-1251", append([]byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>`), encode(t, charmap.Windows1251, "Совет")...), "Совет", "windows-1251"},
		{"XML declaration", append([]byte(`<?xml version="1.0" encoding="ISO-8859-2"?><rss><item>`), encode(t, charmap.ISO8859_2, "Łódź")...), "Łódź", "iso-8859-2"},
		{"UTF-8 page whose meta lies", []byte(`<meta charset="iso-8859-1"><p>` + textFR), "création", "utf-8"},
		{"UTF-8 with one stray Latin-1 line", append([]byte(textRU+"\n"), encode(t, charmap.ISO8859_1, "Café")...), "Café", "utf-8+windows-1252"},
		{"CRLF and CR folded", []byte("one\r\ntwo\rthree"), "one\ntwo\nthree", "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, enc, err := Decode(tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.ValidString(text) || strings.ContainsAny(text, "\r\uFEFF") {
				t.Errorf("not clean UTF-8: %q", text)
			}
			if !strings.Contains(text, tt.want) || enc != tt.wantEnc {
				t.Errorf("decoded as %s to %q; want %s with %q", enc, text, tt.wantEnc, tt.want)
			}
		})
	}
}

func TestDecodeRefusesBinary(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		says string
	}{
		{"NUL bytes", []byte("abc\x00\x00\x01def ghi jkl mno pqr stu vwx"), "NUL"},
		{"control bytes", []byte(strings.Repeat("\x01\x02\x03 text ", 30)), "control"},
		{"PDF", []byte("%PDF-1.4\nsome text"), "PDF"},
		{"ZIP", []byte("PK\x03\x04rest"), "ZIP"},
		{"xz", []byte("\xFD7zXZ\x00rest"), "xz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Decode(tt.raw)
			if err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %v, want one saying %q", err, tt.says)
			}
		})
	}
}
