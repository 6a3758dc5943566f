package i18n

import "testing"

// TestEngineTextPluralKeepsValues checks that a message whose count picks
// the plural form has its other values filled in too.
func TestEngineTextPluralKeepsValues(t *testing.T) {
	for _, m := range []string{"served 2 connections; received 5 B; sent 7 B", "served 1 connection; received 0 B; sent 0 B"} {
		if got := TrEngine(m); got != m {
			t.Errorf("trEngine(%q) = %q", m, got)
		}
	}
}
