package dir

import "testing"

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Kind
	}{
		{"plain text", "Council approves budget\n\nThe council met on Monday.", KindText},
		{"text opening with a bracket", "[Updated] Council approves budget\nThe council met.", KindText},
		{"text opening with a brace", "{Sponsored} A headline\nBody.", KindText},
		{"doctype", "<!DOCTYPE html>\n<html><body>x</body></html>", KindHTML},
		{"html element after a comment", "<!-- saved page -->\n<html lang=en>", KindHTML},
		{"xml declaration then html", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">`, KindHTML},
		{"dense fragment", "<div><p>One.</p><p>Two.</p><p>Three.</p><br></div>", KindHTML},
		{"text with a stray tag", "Use the <p> tag, he wrote.\nThen more plain text.", KindText},
		{"JSON object", `{"title": "A", "text": "B"}`, KindJSON},
		{"JSON array", `[{"text": "A"}, {"text": "B"}]`, KindJSON},
		{"JSON array of numbers", `[1, 2, 3]`, KindJSON},
		{"JSON Lines", "{\"text\": \"A\"}\n{\"text\": \"B\"}\n", KindJSON},
		{"JSON Lines with a broken first line", "{\"text\": \"A\n{\"text\": \"B\"}\n", KindJSON},
		{"indented JSON object", "{\n  \"text\": \"A\"\n}", KindJSON},
		{"empty", "  \n", KindText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff(tt.text); got != tt.want {
				t.Errorf("Sniff = %s, want %s", got, tt.want)
			}
		})
	}
}
