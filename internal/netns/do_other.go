//go:build !linux

package netns

import "errors"

// Do is Linux only; New skips the test first elsewhere.
func (h Host) Do(f func() error) error {
	return errors.New("netns: network namespaces are Linux only")
}
