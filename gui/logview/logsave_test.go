package logview

import "testing"

func TestLogSaveFormatForName(t *testing.T) {
	for name, want := range map[string]SaveFormat{
		"log.txt": SaveFormatText, "log.CSV": SaveFormatCSV, "a.b.jsonl": SaveFormatJSONL,
		"x.ndjson": SaveFormatJSONL, "x.json": SaveFormatJSONL, "noext": SaveFormatText, "x.log": SaveFormatText,
	} {
		if got := saveFormatForName(name); got != want {
			t.Errorf("saveFormatForName(%q) = %v; want %v", name, got, want)
		}
	}
}
