package panes

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
)

// tabPrefs are a client tab's preferences: the same keys as a lone
// client's (keyClientHost...), kept apart per tab by a prefix, e.g.
// "tab2.client.host".
type tabPrefs struct {
	fyne.Preferences
	prefix string
}

func clientTabPrefix(id int) string {
	if id == 1 {
		return ""
	}
	return "tab" + strconv.Itoa(id) + "."
}

// NewTabPrefs returns tab id's view of prefs.
func NewTabPrefs(prefs fyne.Preferences, id int) fyne.Preferences {
	if id == 1 {
		return prefs
	}
	return tabPrefs{Preferences: prefs, prefix: clientTabPrefix(id)}
}

var sharedClientKeys = []string{KeyClientHistory, KeyClientPackets, keyClientPacketsDir}

// tabClientKeys are the client keys each tab has its own of.
var tabClientKeys = []string{KeyClientProtocol, keyClientHost, KeyClientPort, keyClientTimeout, keyClientPayload,
	KeyClientFormat, KeyClientLineEnding, keyClientRepeat, keyClientInterval, keyClientTLS, keyClientTLSCAFile,
	keyClientTLSInsecure, keyClientTLSTrustOwn, keyClientTLSName, keyClientTLSCertFile, keyClientTLSKeyFile,
	keyClientLocalHost, keyClientLocalPort, KeyClientProxy, keyClientWSOrigin, keyClientWSSubprotocols, keyClientWSHeaders, keyClientWSBinary,
	KeyClientAppend}

func (p tabPrefs) key(k string) string {
	if !strings.HasPrefix(k, "client.") {
		return k
	}
	for _, s := range sharedClientKeys {
		if k == s {
			return k
		}
	}
	return p.prefix + k
}

func (p tabPrefs) Bool(k string) bool { return p.Preferences.Bool(p.key(k)) }
func (p tabPrefs) BoolWithFallback(k string, d bool) bool {
	return p.Preferences.BoolWithFallback(p.key(k), d)
}
func (p tabPrefs) SetBool(k string, v bool)     { p.Preferences.SetBool(p.key(k), v) }
func (p tabPrefs) Float(k string) float64       { return p.Preferences.Float(p.key(k)) }
func (p tabPrefs) SetFloat(k string, v float64) { p.Preferences.SetFloat(p.key(k), v) }
func (p tabPrefs) FloatWithFallback(k string, d float64) float64 {
	return p.Preferences.FloatWithFallback(p.key(k), d)
}
func (p tabPrefs) Int(k string) int       { return p.Preferences.Int(p.key(k)) }
func (p tabPrefs) SetInt(k string, v int) { p.Preferences.SetInt(p.key(k), v) }
func (p tabPrefs) IntWithFallback(k string, d int) int {
	return p.Preferences.IntWithFallback(p.key(k), d)
}
func (p tabPrefs) String(k string) string       { return p.Preferences.String(p.key(k)) }
func (p tabPrefs) SetString(k string, v string) { p.Preferences.SetString(p.key(k), v) }
func (p tabPrefs) StringWithFallback(k string, d string) string {
	return p.Preferences.StringWithFallback(p.key(k), d)
}
func (p tabPrefs) RemoveValue(k string) { p.Preferences.RemoveValue(p.key(k)) }

// ForgetClientTab removes the settings of tab id, so a tab opened later
// under its number starts afresh.
func ForgetClientTab(prefs fyne.Preferences, id int) {
	tp := NewTabPrefs(prefs, id)
	for _, k := range tabClientKeys {
		tp.RemoveValue(k)
	}
}
