package panes

import (
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"
)

// This file is the server's Chat mode (sockets.ModeChat): each message a
// client sends goes to every other client, and the sender gets nothing
// back. Under the Mode choice, while Chat is chosen, is its one option: put
// the sender's address in front of each message ("[127.0.0.1:50412] hi").
// It is off until ticked, remembered like the other server settings, and a
// running server takes it at once (Server.SetChatPrefix). It has a row of
// its own, not a place beside the choice: there its Vietnamese label would
// widen the pane past the room it has beside the client at 1100 pixels.
// The log shows each message once, as received, and the engine's "passed
// to N clients" row; the engine logs no sent row per client.

// KeyServerChatPrefix is the preference key of the option: a bool, on when
// the sender's address goes in front.
const KeyServerChatPrefix = "server.chatPrefix"

// chatOption is Chat mode's option, a row under the Mode choice that the
// server pane shows while Chat is chosen.
type chatOption struct {
	Prefix *widget.Check
}

// newChatOption builds the option as it was last left; onChange runs after
// each tick.
func newChatOption(env Env, onChange func()) *chatOption {
	c := &chatOption{Prefix: rememberedCheck(env.Texts, env.Prefs, "chat.senderPrefix", KeyServerChatPrefix, false, onChange)}
	c.Prefix.Hide()
	return c
}

// On reports whether the sender's address goes in front.
func (c *chatOption) On() bool { return c.Prefix.Checked }

// chatChanged passes the option to a running server: it applies to the
// next message, in Chat mode or once Chat is chosen.
func (p *ServerPane) chatChanged() {
	if p.Srv != nil && p.State == ServerRunning {
		p.Srv.SetChatPrefix(p.Chat.On())
		logrus.WithField("prefix", p.Chat.On()).Debug("chat prefix changed")
	}
}
