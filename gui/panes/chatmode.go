package panes

import (
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"github.com/sockettester/sockettester/sockets"
	"github.com/sockettester/sockettester/sockets/addr"
)

// Chat mode's option has a row of its own: beside the Mode choice its
// Vietnamese label would widen the pane past its room at 1100 pixels.

// KeyServerChatPrefix is the preference key of the option: a bool, on when
// the sender's address goes in front.
const KeyServerChatPrefix = "server.chatPrefix"

// chatOption is the row under the Mode choice shown while Chat is chosen.
type chatOption struct {
	Prefix *widget.Check
}

// newChatOption builds the option as last left; onChange runs after each tick.
func newChatOption(env Env, onChange func()) *chatOption {
	c := &chatOption{Prefix: rememberedCheck(env.Texts, env.Prefs, "chat.senderPrefix", KeyServerChatPrefix, false, onChange)}
	c.Prefix.Hide()
	return c
}

// On reports whether the sender's address goes in front.
func (c *chatOption) On() bool { return c.Prefix.Checked }

// chatChanged passes the option to a running server, from its next message on.
func (p *ServerPane) chatChanged() {
	if p.Srv != nil && p.State == ServerRunning {
		p.Srv.SetChatPrefix(p.Chat.On())
		logrus.WithField("prefix", p.Chat.On()).Debug("chat prefix changed")
	}
}

// ChatRoom returns, for a client about to dial target ("host:port") over
// network, a sockets.ClientConfig.Chat that reports whether this pane's
// running server, which target reaches, is in Chat mode at the moment; nil
// when target is not this server. A chat server answers the sender nothing,
// so what its clients receive is never a reply to their sends.
func (p *ServerPane) ChatRoom(network, target string) func() bool {
	srv := p.Srv
	if srv == nil || p.State != ServerRunning || addr.IsUDP(network) != addr.IsUDP(p.Protocol.Value()) {
		return nil
	}
	if !addr.Reaches(srv.Addr().String(), target) {
		return nil
	}
	return func() bool {
		m, _ := srv.Mode()
		return m == sockets.ModeChat
	}
}
