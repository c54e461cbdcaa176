package dir

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// Decode returns raw as valid UTF-8 text with LF line ends and no BOM, and
// the name of the encoding it was read in. An error means raw is not text;
// its message says why, in words for the user.
//
// Order of evidence: a byte-order mark; UTF-16 recognised by its NUL bytes;
// binary content refused (a known file signature, NUL bytes, or many
// control bytes); valid UTF-8 kept as it is, since a saved page's
// <meta charset> often lies once it has been re-saved; UTF-8 with a few
// stray legacy bytes repaired byte by byte; an HTML <meta> or XML
// declaration; and last a statistical guess.
//
// The guess uses github.com/gogs/chardet, a port of ICU's detector, rather
// than a heuristic of our own: it is already in the module graph (through
// go-trafilatura), and it tells apart what a byte-range heuristic cannot,
// measured on text we wrote in each encoding (decode_test.go): windows-1252
// from ISO-8859-2 and windows-1250 (Polish, Czech), windows-1251 from
// KOI8-R, Greek, Turkish, and the multi-byte Shift_JIS, EUC-JP, GBK, Big5
// and EUC-KR. When it has no confident answer, windows-1252 (a superset of
// ISO-8859-1, what most mislabelled Western text is) is assumed.
func Decode(raw []byte) (text, enc string, err error) {
	var e encoding.Encoding
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw, enc = raw[3:], "utf-8"
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		e, enc = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		e, enc = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	default:
		e, enc = utf16WithoutBOM(raw)
	}
	if e == nil {
		if err := checkBinary(raw); err != nil {
			return "", "", err
		}
		switch {
		case utf8.Valid(raw):
			enc = "utf-8"
			text = string(raw)
		case mostlyUTF8(raw):
			enc = "utf-8+windows-1252"
			text = repairUTF8(raw)
		default:
			e, enc = guessLegacy(raw)
		}
	}
	if e != nil {
		b, err := e.NewDecoder().Bytes(raw)
		if err != nil {
			return "", "", fmt.Errorf("cannot decode it as %s: %w", enc, err)
		}
		if err := checkBinary(b); err != nil {
			return "", "", err
		}
		text = string(b)
	}
	return normalise(text), enc, nil
}

// DecodeDeclared is Decode for bytes whose charset a transport named (an
// HTTP Content-Type, as a web archive keeps it). Browsers put that name
// before the page's own <meta>; it is taken here after a byte-order mark,
// UTF-16 and valid UTF-8, because servers label UTF-8 pages with a
// default such as ISO-8859-1 as often as saved pages' <meta> lies.
func DecodeDeclared(raw []byte, charset string) (text, enc string, err error) {
	if charset == "" || utf8.Valid(raw) || bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) {
		return Decode(raw)
	}
	if e, _ := utf16WithoutBOM(raw); e != nil {
		return Decode(raw)
	}
	e, err := htmlindex.Get(charset)
	if err != nil {
		return Decode(raw)
	}
	name, _ := htmlindex.Name(e)
	if name == "utf-8" || strings.HasPrefix(name, "utf-16") || name == "replacement" {
		return Decode(raw)
	}
	if err := checkBinary(raw); err != nil {
		return "", "", err
	}
	b, err := e.NewDecoder().Bytes(raw)
	if err != nil {
		return Decode(raw)
	}
	return normalise(string(b)), name, nil
}

// normalise makes decoded text valid UTF-8 with LF line ends and no BOM or
// NUL characters.
func normalise(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.TrimPrefix(text, "\uFEFF")
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	if strings.IndexByte(text, 0) >= 0 {
		text = strings.ReplaceAll(text, "\x00", "")
	}
	return text
}

// utf16WithoutBOM recognises UTF-16 text without a byte-order mark: in
// Latin-script (and Cyrillic, Greek) text one byte of most code units is
// NUL or a small page number, so NULs cluster on one side.
func utf16WithoutBOM(raw []byte) (encoding.Encoding, string) {
	n := min(len(raw), 4096) &^ 1
	if n < 8 {
		return nil, ""
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
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"
	case even*10 >= half*4 && odd*20 < half:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"
	}
	return nil, ""
}

// signatures are the first bytes of common non-text files, named so that
// the user learns what the file is rather than that it is "binary".
var signatures = []struct {
	magic string
	what  string
}{
	{"%PDF-", "a PDF document"},
	{"PK\x03\x04", "a ZIP archive (or a .docx/.odt/.epub)"},
	{"\x89PNG", "a PNG image"},
	{"\xFF\xD8\xFF", "a JPEG image"},
	{"GIF8", "a GIF image"},
	{"BZh", "bzip2-compressed; only gzip is read"},
	{"\xFD7zXZ\x00", "xz-compressed; only gzip is read"},
	{"\x28\xB5\x2F\xFD", "zstd-compressed; only gzip is read"},
	{"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"},
	{"\x7FELF", "a program (ELF)"},
	{"\xD0\xCF\x11\xE0", "an old Microsoft Office document"},
	{"SQLite format 3\x00", "an SQLite database"},
	{"WARC/", "a WARC archive, read only as a whole file"},
}

// checkBinary refuses content that is not text: a known file signature,
// NUL bytes, or more than one control byte in fifty in its first 8 KB.
func checkBinary(b []byte) error {
	for _, s := range signatures {
		if bytes.HasPrefix(b, []byte(s.magic)) {
			return fmt.Errorf("it is %s", s.what)
		}
	}
	head := b[:min(len(b), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return fmt.Errorf("it holds NUL bytes")
	}
	ctrl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1b {
			ctrl++
		}
	}
	if ctrl*50 > len(head) {
		return fmt.Errorf("%d of its first %d bytes are control codes", ctrl, len(head))
	}
	return nil
}

// mostlyUTF8 reports whether raw is UTF-8 spoiled by a few stray bytes, as
// when a Latin-1 line was pasted into a UTF-8 file: more than three valid
// multi-byte characters for each invalid byte. Decoding the whole file in a
// legacy encoding would garble every one of the valid characters.
func mostlyUTF8(raw []byte) bool {
	var multi, bad int
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		} else {
			multi++
		}
		i += size
	}
	return multi > 3*bad
}

// repairUTF8 keeps raw's valid UTF-8 and reads each invalid byte as
// windows-1252.
func repairUTF8(raw []byte) string {
	var b strings.Builder
	b.Grow(len(raw) + len(raw)/8)
	dec := charmap.Windows1252
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(dec.DecodeByte(raw[i]))
			i++
			continue
		}
		b.Write(raw[i : i+size])
		i += size
	}
	return b.String()
}

// declared finds a charset declared in an HTML <meta> element or an XML
// declaration near the start of a document.
var declared = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_:.\-]+)`)

// declaredEncoding returns the encoding declared in raw's first 4 KB, if
// it names one that is not UTF-8 (raw is known not to be UTF-8 here).
func declaredEncoding(raw []byte) (encoding.Encoding, string) {
	m := declared.FindSubmatch(raw[:min(len(raw), 4096)])
	if m == nil {
		return nil, ""
	}
	name := string(m[1])
	if name == "" {
		name = string(m[2])
	}
	e, err := htmlindex.Get(name)
	if err != nil {
		return nil, ""
	}
	canon, _ := htmlindex.Name(e)
	if canon == "utf-8" || canon == "utf-16le" || canon == "utf-16be" || canon == "replacement" {
		return nil, ""
	}
	return e, canon
}

// minConfidence is the chardet score (1–100) under which its guess is not
// trusted over windows-1252.
const minConfidence = 20

// guessLegacy picks the encoding of text that is neither UTF-8 nor UTF-16.
func guessLegacy(raw []byte) (encoding.Encoding, string) {
	if e, name := declaredEncoding(raw); e != nil {
		return e, name
	}
	results, err := chardet.NewTextDetector().DetectAll(highLines(raw, 32<<10))
	if err != nil || len(results) == 0 {
		return charmap.Windows1252, "windows-1252"
	}
	// chardet runs its recognisers concurrently and sorts ties in arrival
	// order; take the best that x/text can decode, breaking ties by name so
	// the answer does not vary between runs.
	best, bestName, bestConf := encoding.Encoding(nil), "", 0
	for _, r := range results {
		if r.Confidence < bestConf || r.Confidence < minConfidence {
			break
		}
		e, err := htmlindex.Get(r.Charset)
		if err != nil {
			continue
		}
		name, _ := htmlindex.Name(e)
		if name == "utf-8" || strings.HasPrefix(name, "utf-16") || name == "replacement" {
			continue
		}
		if best == nil || name < bestName {
			best, bestName, bestConf = e, name, r.Confidence
		}
	}
	if best == nil {
		return charmap.Windows1252, "windows-1252"
	}
	return best, bestName
}

// highLines returns the lines of raw that hold bytes over 0x7F, up to max
// bytes: they carry all the evidence, and a long mostly-ASCII file would
// otherwise dilute it or cost time.
func highLines(raw []byte, max int) []byte {
	var out []byte
	for len(raw) > 0 && len(out) < max {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i+1], raw[i+1:]
		} else {
			raw = nil
		}
		for _, c := range line {
			if c >= 0x80 {
				out = append(out, line...)
				break
			}
		}
	}
	return out
}
