package widgets

import "github.com/sockettester/sockettester/sockets/addr"

// appNetworks are the protocols the panes offer: TCP and UDP by host and
// port, then Unix domain sockets (stream and datagram) by path.
var appNetworks = append(addr.Networks(), "unix", "unixgram")

// networkKeys name the Unix choices; TCP and UDP show as written.
var networkKeys = map[string]string{"unix": "network.unix", "unixgram": "network.unixgram"}
