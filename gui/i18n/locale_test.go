package i18n

import (
	"os"
	"testing"
)

// TestChosenLanguageWhateverTheLocale chooses each language under locale
// settings that name English, Vietnamese, a language Fyne has its own
// texts for (French), C, and LANGUAGE lists: every text, plurals included,
// comes in the language chosen, and the locale variables are left as the
// user set them.
func TestChosenLanguageWhateverTheLocale(t *testing.T) {
	defer UseLanguage(English)
	en, _, err := readTexts(English)
	if err != nil {
		t.Fatal(err)
	}
	vi, _, err := readTexts(Vietnamese)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		English:    {"menu.file": en["menu.file"], "one": "1 older row dropped", "two": "2 older rows dropped"},
		Vietnamese: {"menu.file": vi["menu.file"], "one": "đã bỏ 1 dòng cũ", "two": "đã bỏ 2 dòng cũ"},
	}
	for _, env := range []map[string]string{
		{"LANG": "C.UTF-8"},
		{"LANG": "C"},
		{"LANG": "vi_VN.UTF-8"},
		{"LANG": "en_US.UTF-8"},
		{"LANG": "fr_FR.UTF-8"},
		{"LANG": "fr_FR.UTF-8", "LANGUAGE": "fr:vi"},
		{"LANG": "vi_VN.UTF-8", "LANGUAGE": "de"},
		{"LC_ALL": "ja_JP.UTF-8", "LANG": "vi_VN.UTF-8"},
	} {
		for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
			t.Setenv(k, env[k])
		}
		for _, code := range []string{Vietnamese, English, Vietnamese} {
			UseLanguage(code)
			got := map[string]string{
				"menu.file": Tr("menu.file"),
				"one":       Trn("log.dropped", 1, nil),
				"two":       Trn("log.dropped", 2, nil),
			}
			for k, w := range want[code] {
				if got[k] != w {
					t.Errorf("%v, %s chosen: %s reads %q; want %q", env, code, k, got[k], w)
				}
			}
			for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
				if os.Getenv(k) != env[k] {
					t.Errorf("%v, %s chosen: %s became %q", env, code, k, os.Getenv(k))
				}
			}
		}
	}
}
