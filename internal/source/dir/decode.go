package dir

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Decode returns raw as valid UTF-8 text with LF line ends and no BOM.
//
// Order of evidence: a byte-order mark; UTF-16 recognised by its NUL bytes;
// binary content refused; valid UTF-8 kept as it is (a page's <meta charset>
// often lies once a page has been saved again); an HTML charset
// declaration; then a guess between the single-byte encodings news text
// comes in: windows-1251 or KOI8-R when most high bytes form Cyrillic
// words, else windows-1252 (a superset of ISO-8859-1). Multi-byte Asian
// legacy encodings (Shift_JIS, GBK, EUC-KR) are not guessed; such files
// arrive as windows-1252 mojibake, a known limit.
func Decode(raw []byte) (string, error) {
	var enc encoding.Encoding
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		enc = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	default:
		if e := utf16WithoutBOM(raw); e != nil {
			enc = e
		}
	}
	if enc == nil {
		if err := checkBinary(raw); err != nil {
			return "", err
		}
		if !utf8.Valid(raw) {
			enc = guessLegacy(raw)
		}
	}
	text := string(raw)
	if enc != nil {
		b, err := enc.NewDecoder().Bytes(raw)
		if err != nil {
			return "", err
		}
		text = string(b)
		if err := checkBinary([]byte(text)); err != nil {
			return "", err
		}
	}
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.TrimPrefix(text, "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return text, nil
}

// utf16WithoutBOM recognises UTF-16 text without a byte-order mark: in
// Latin-script text every other byte is NUL.
func utf16WithoutBOM(raw []byte) encoding.Encoding {
	n := min(len(raw), 4096) &^ 1
	if n < 8 {
		return nil
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if raw[i] == 0 {
			even++
		}
		if raw[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd*10 >= half*4 && even*20 < half:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case even*10 >= half*4 && odd*20 < half:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return nil
}

var errBinary = errors.New("it holds NUL or control bytes")

// checkBinary refuses content that is not text: NUL bytes, or more than
// one control byte in fifty in its first 8 KB.
func checkBinary(b []byte) error {
	head := b[:min(len(b), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return errBinary
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b {
			ctrl++
		}
	}
	if ctrl*50 > len(head) {
		return errBinary
	}
	return nil
}

// guessLegacy picks the single-byte encoding of text that is not UTF-8.
// An HTML charset declaration wins; otherwise Cyrillic text shows as a
// large share of high bytes, lower-case letters being most of them: in
// windows-1251 they lie at 0xE0–0xFF, in KOI8-R at 0xC0–0xDF.
func guessLegacy(raw []byte) encoding.Encoding {
	if e, name, certain := charset.DetermineEncoding(raw[:min(len(raw), 4096)], "text/html"); certain && name != "utf-8" {
		return e
	}
	var high, e0, c0 int
	letters := 0
	for _, c := range raw {
		switch {
		case c >= 0x80:
			high++
			if c >= 0xE0 {
				e0++
			} else if c >= 0xC0 {
				c0++
			}
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
			letters++
		}
	}
	if high > letters {
		if e0 >= c0 {
			return charmap.Windows1251
		}
		return charmap.KOI8R
	}
	return charmap.Windows1252
}
