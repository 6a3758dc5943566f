package sockets

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/sockettester/sockettester/sockets/addr"
	"github.com/sockettester/sockettester/sockets/msg"
)

// StartTLS protocols: the plain lines a client speaks before it upgrades
// the connection to TLS (ClientConfig.StartTLS).
const (
	StartTLSSMTP = "smtp" // 220 greeting, EHLO, STARTTLS offered, STARTTLS, 220
	StartTLSIMAP = "imap" // * OK greeting, a1 STARTTLS, a1 OK
	StartTLSPOP3 = "pop3" // +OK greeting, STLS, +OK
	StartTLSFTP  = "ftp"  // 220 greeting, AUTH TLS, 234
)

// StartTLSProtocols lists the protocols ClientConfig.StartTLS takes.
var StartTLSProtocols = []string{StartTLSSMTP, StartTLSIMAP, StartTLSPOP3, StartTLSFTP}

// ErrNoStartTLS is wrapped by the error of a server that does not offer
// STARTTLS or refuses it.
var ErrNoStartTLS = errors.New("the server did not upgrade to TLS")

// Codes of the STARTTLS exchange.
const (
	codeStartTLSUnknown    msg.Code = "startTLSUnknown"
	codeStartTLSGreeting   msg.Code = "startTLSGreeting"
	codeStartTLSNotOffered msg.Code = "startTLSNotOffered"
	codeStartTLSRefused    msg.Code = "startTLSRefused"
	codeStartTLSNoAnswer   msg.Code = "startTLSNoAnswer"
	codeStartTLSEarly      msg.Code = "startTLSEarly"
	codeStartTLSNeedsTCP   msg.Code = "startTLSNeedsTCP"
	codeStartTLSAlready    msg.Code = "startTLSAlready"
)

var _ = msg.Define(map[msg.Code]string{
	codeStartTLSUnknown:    "unknown STARTTLS protocol {Name} (want smtp, imap, pop3 or ftp)",
	codeStartTLSGreeting:   "the server's greeting is not {Proto}'s (want {Want}): {Reply}",
	codeStartTLSNotOffered: "the server did not offer STARTTLS in its EHLO reply: {Reply} (it speaks plain SMTP only; leave out STARTTLS, or use the TLS port, e.g. 465, with TLS)",
	codeStartTLSRefused:    "the server refused {Command}: {Reply} (it will not upgrade this connection to TLS)",
	codeStartTLSNoAnswer:   "no {Proto} answer to {Step}: {Err}",
	codeStartTLSEarly:      "the server sent bytes before the TLS handshake began: {Bytes}",
	codeStartTLSNeedsTCP:   "STARTTLS needs TCP",
	codeStartTLSAlready:    "the connection already speaks TLS",
})

// CheckStartTLS checks name is one of StartTLSProtocols ("" is none).
func CheckStartTLS(name string) error {
	for _, p := range StartTLSProtocols {
		if name == p {
			return nil
		}
	}
	if name == "" {
		return nil
	}
	return msg.NewError(codeStartTLSUnknown, "Name", `"`+name+`"`)
}

// checkStartTLSConfig refuses an unknown protocol and STARTTLS over UDP.
func checkStartTLSConfig(cfg ClientConfig) error {
	if cfg.StartTLS == "" {
		return nil
	}
	if err := CheckStartTLS(cfg.StartTLS); err != nil {
		return err
	}
	if !addr.IsTCP(cfg.Network) {
		return msg.NewError(codeStartTLSNeedsTCP)
	}
	return nil
}

// plainTalk is the plain part of a STARTTLS exchange: it logs each line sent
// and received as data.
type plainTalk struct {
	c       *Client
	r       *bufio.Reader
	proto   string
	greeted bool // the exchange is running: the greeting came before
}

// PlainLine is one line of a STARTTLS exchange before the upgrade.
type PlainLine struct {
	Sent bool   // the client sent it; else the server did
	Text string // the line as it went, its CRLF included
}

// PlainTalk returns the plain lines of the STARTTLS exchange (none without
// ClientConfig.StartTLS).
func (c *Client) PlainTalk() []PlainLine { return c.plain }

// send writes one command line, ending in CRLF.
func (p *plainTalk) send(line string) error {
	b := []byte(line + "\r\n")
	p.c.plain = append(p.c.plain, PlainLine{Sent: true, Text: string(b)})
	p.c.emit(p.c.dataEvent(KindSent, b))
	_, err := p.c.conn.Write(b)
	if err != nil {
		return msg.Wrap(err, codeStartTLSNoAnswer, "Proto", strings.ToUpper(p.proto), "Step", strings.TrimSpace(line))
	}
	return nil
}

// line reads one line, step naming what it answers.
func (p *plainTalk) line(step string) (string, error) {
	s, err := p.r.ReadString('\n')
	if s != "" {
		p.c.plain = append(p.c.plain, PlainLine{Text: s})
		p.c.emit(p.c.dataEvent(KindReceived, []byte(s)))
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			err = errors.New("no answer in time")
		}
		return "", msg.Wrap(err, codeStartTLSNoAnswer, "Proto", strings.ToUpper(p.proto), "Step", step)
	}
	return strings.TrimRight(s, "\r\n"), nil
}

// reply reads an SMTP or FTP reply: lines "CODE-text" up to the last,
// "CODE text".
func (p *plainTalk) reply(step string) (code string, lines []string, err error) {
	for {
		l, err := p.line(step)
		if err != nil {
			return "", lines, err
		}
		lines = append(lines, l)
		if len(l) < 4 || l[3] != '-' {
			if len(l) >= 3 {
				code = l[:3]
			}
			return code, lines, nil
		}
	}
}

// joined is a reply's lines as one, for a message.
func joined(lines []string) string { return `"` + strings.Join(lines, " / ") + `"` }

// upgrade speaks cfg.StartTLS's plain lines, then the TLS handshake;
// greeted: the server's greeting was read before.
func (c *Client) upgrade(ctx context.Context, deadline time.Time, greeted bool) error {
	c.conn.SetDeadline(deadline)
	p := &plainTalk{c: c, r: bufio.NewReader(c.conn), proto: c.cfg.StartTLS, greeted: greeted}
	err := p.talk()
	if err == nil && p.r.Buffered() > 0 {
		early, _ := p.r.Peek(p.r.Buffered())
		err = msg.NewError(codeStartTLSEarly, "Bytes", `"`+strings.TrimSpace(string(early))+`"`)
	}
	c.conn.SetDeadline(time.Time{})
	if err != nil {
		c.conn.Close()
		c.emit(Event{Kind: KindError, Err: err})
		return err
	}
	if c.cfg.TLS == nil {
		c.cfg.TLS = &ClientTLS{}
	}
	return c.startTLS(ctx, deadline)
}

// talk is the protocol's exchange up to the server's go-ahead.
func (p *plainTalk) talk() error {
	switch p.proto {
	case StartTLSSMTP:
		return p.smtp()
	case StartTLSIMAP:
		return p.imap()
	case StartTLSPOP3:
		return p.pop3()
	case StartTLSFTP:
		return p.ftp()
	}
	return CheckStartTLS(p.proto)
}

// replyGreeting reads an SMTP or FTP greeting, unless greeted, and wants
// its code to be want.
func (p *plainTalk) replyGreeting(want string) error {
	if p.greeted {
		return nil
	}
	code, lines, err := p.reply("the connection (greeting)")
	if err != nil || code == want {
		return err
	}
	return wrapNoStartTLS(msg.NewError(codeStartTLSGreeting, "Proto", strings.ToUpper(p.proto), "Want", want, "Reply", joined(lines)))
}

// lineGreeting reads an IMAP or POP3 greeting line, unless greeted, and
// wants it to start with want.
func (p *plainTalk) lineGreeting(want string) error {
	if p.greeted {
		return nil
	}
	l, err := p.line("the connection (greeting)")
	if err != nil || strings.HasPrefix(strings.ToUpper(l), want) {
		return err
	}
	return wrapNoStartTLS(msg.NewError(codeStartTLSGreeting, "Proto", strings.ToUpper(p.proto), "Want", want, "Reply", joined([]string{l})))
}

func wrapNoStartTLS(e *msg.Error) error {
	e.Err = ErrNoStartTLS
	return e
}

func (p *plainTalk) smtp() error {
	if err := p.replyGreeting("220"); err != nil {
		return err
	}
	if err := p.send("EHLO sockettester.localhost"); err != nil {
		return err
	}
	code, lines, err := p.reply("EHLO")
	if err != nil {
		return err
	}
	offered := false
	for _, l := range lines {
		if len(l) > 4 && strings.EqualFold(strings.Fields(l[4:] + " x")[0], "STARTTLS") {
			offered = true
		}
	}
	if code != "250" || !offered {
		return wrapNoStartTLS(msg.NewError(codeStartTLSNotOffered, "Reply", joined(lines)))
	}
	return p.command("STARTTLS", "220")
}

// command sends an SMTP or FTP command and wants the reply code want.
func (p *plainTalk) command(cmd, want string) error {
	if err := p.send(cmd); err != nil {
		return err
	}
	code, lines, err := p.reply(cmd)
	if err != nil {
		return err
	}
	if code != want {
		return wrapNoStartTLS(msg.NewError(codeStartTLSRefused, "Command", cmd, "Reply", joined(lines)))
	}
	return nil
}

func (p *plainTalk) imap() error {
	if err := p.lineGreeting("* OK"); err != nil {
		return err
	}
	if err := p.send("a1 STARTTLS"); err != nil {
		return err
	}
	for {
		l, err := p.line("a1 STARTTLS")
		if err != nil {
			return err
		}
		if strings.HasPrefix(l, "* ") {
			continue
		}
		if strings.HasPrefix(strings.ToUpper(l), "A1 OK") {
			return nil
		}
		return wrapNoStartTLS(msg.NewError(codeStartTLSRefused, "Command", "STARTTLS", "Reply", joined([]string{l})))
	}
}

func (p *plainTalk) pop3() error {
	if err := p.lineGreeting("+OK"); err != nil {
		return err
	}
	if err := p.send("STLS"); err != nil {
		return err
	}
	l, err := p.line("STLS")
	if err != nil {
		return err
	}
	if !strings.HasPrefix(l, "+OK") {
		return wrapNoStartTLS(msg.NewError(codeStartTLSRefused, "Command", "STLS", "Reply", joined([]string{l})))
	}
	return nil
}

func (p *plainTalk) ftp() error {
	if err := p.replyGreeting("220"); err != nil {
		return err
	}
	return p.command("AUTH TLS", "234")
}

// pause parks the read loop while StartTLS talks on the connection.
type pause struct {
	paused, resume chan struct{}
}

// parked reports, for the read loop's error err, whether StartTLS stopped
// the read to take the connection over; it then waits until StartTLS is
// done and the loop may read again.
func (c *Client) parked(err error) bool {
	p := c.pausing.Load()
	if p == nil || !errors.Is(err, os.ErrDeadlineExceeded) {
		return false
	}
	close(p.paused)
	<-p.resume
	return true
}

// StartTLS upgrades a running plain TCP connection to TLS with proto's
// plain lines (StartTLSProtocols), logged as data, then the handshake with
// settings t (nil: the zero ClientTLS), as Dial does with
// ClientConfig.StartTLS, without waiting for a greeting: it came before.
// Sends wait meanwhile. On failure the connection is closed and the error
// says why.
func (c *Client) StartTLS(ctx context.Context, proto string, t *ClientTLS) error {
	if err := CheckStartTLS(proto); err != nil || proto == "" {
		if err == nil {
			err = msg.NewError(codeStartTLSUnknown, "Name", `""`)
		}
		return err
	}
	if !addr.IsTCP(c.cfg.Network) {
		return msg.NewError(codeStartTLSNeedsTCP)
	}
	c.sendMu.Lock()
	defer c.sendMu.Unlock()
	if c.tls != nil {
		return msg.NewError(codeStartTLSAlready)
	}
	p := &pause{paused: make(chan struct{}), resume: make(chan struct{})}
	c.pausing.Store(p)
	c.conn.SetReadDeadline(time.Now())
	select {
	case <-p.paused:
	case <-c.done:
		c.pausing.Store(nil)
		return msg.Wrap(c.endedBy(net.ErrClosed), codeSendTo, "Addr", c.remote)
	}
	defer func() {
		c.pausing.Store(nil)
		close(p.resume)
	}()
	c.cfg.StartTLS, c.cfg.TLS = proto, t
	if err := c.upgrade(ctx, deadlineAfter(c.cfg.Timeout), true); err != nil {
		c.closed.Store(true)
		return err
	}
	c.emit(tlsEvent(Event{Kind: KindTLS}, c.tls))
	return nil
}
