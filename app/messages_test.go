package app

import "testing"

// TestCatalogComplete fails for a text a language lacks.
func TestCatalogComplete(t *testing.T) {
	for m := msgNone + 1; m < msgCount; m++ {
		if english[m] == "" {
			t.Errorf("msg %d has no English text", m)
		}
	}
}
