package sockets

// htonl puts i in network byte order, as IP_UNICAST_IF wants it.
func htonl(i uint32) uint32 {
	return i>>24 | i>>8&0xff00 | i<<8&0xff0000 | i<<24
}
