package panes

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/sockettester/sockettester/gui/widgets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// Preference keys of the socket paths.
const (
	keyServerUnixPath = "server.unixPath" // socket path text for the Unix protocols
	keyClientUnixPath = "client.unixPath" // socket path text for the Unix protocols
)

// unixPath is the socket path field that takes the place of host (or
// listen on) and port while a Unix protocol is chosen; the typed host and
// port stay, for when TCP or UDP is chosen again.
type unixPath struct {
	Field *widgets.Field
	label *widget.Label
	// ipOnly are the host and port widgets the path hides.
	ipOnly []fyne.CanvasObject
}

// socketFile is the name of the server's socket file in a user's directory.
const socketFile = "sockettester.sock"

// defaultUnixPath is where the server's socket goes until another path is
// typed: the user's runtime directory when the system has one, else the
// temporary directory, with the user's id so that two users of one machine
// do not meet at the same path.
func defaultUnixPath() string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
		return filepath.Join(d, socketFile)
	}
	if uid := os.Getuid(); uid >= 0 {
		return filepath.Join(os.TempDir(), strings.Replace(socketFile, ".", "-"+strconv.Itoa(uid)+".", 1))
	}
	return filepath.Join(os.TempDir(), socketFile)
}

func newUnixPath(env Env, key, def string, onChange func()) *unixPath {
	u := &unixPath{Field: widgets.NewEntryField(env.Prefs, key, def, onChange)}
	u.Field.SetPlaceHolder("/tmp/app.sock")
	u.label = env.Texts.Label("unix.path")
	return u
}

// stack puts the path entry over center, shown one at a time.
func (u *unixPath) stack(center fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(center, u.Field.Entry)
}

// update shows the path or the host and port for network, and returns the
// path's problem (nil when network is not Unix).
func (u *unixPath) update(network string, enabled bool) error {
	unix := addr.IsUnix(network)
	for _, o := range u.ipOnly {
		widgets.SetVisible(o, !unix)
	}
	widgets.SetVisible(u.label, unix)
	widgets.SetVisible(u.Field.Entry, unix)
	widgets.SetEnabled(u.Field.Entry, enabled)
	if !unix {
		u.Field.Check(nil)
		return nil
	}
	err := addr.CheckUnixPath(u.Field.Text)
	u.Field.Check(err)
	return err
}
