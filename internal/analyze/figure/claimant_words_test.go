package figure

import "testing"

// TestLooksLikeName checks the claimant rule that now reads the names
// model: organisations' heads (plural too) and offices are no person,
// while a person's name is.
func TestLooksLikeName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"person", "Halvard Mbeki", true},
		{"surname alone", "Mbeki", true},
		{"ministry", "Fisheries Ministry", false},
		{"plural agencies", "Border Agencies", false},
		{"command", "Southern Command", false},
		{"office", "Deputy Mayor", false},
		{"group of people", "Local Witnesses", false},
		{"a country", "Norway", false},
		{"a month", "March Figures", false},
		{"lower case", "local officials", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := looksLikeName(tt.in); got != tt.want {
				t.Errorf("looksLikeName(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
