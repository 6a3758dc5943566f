// Package pecheck reads a Windows executable's headers (PE32+, GUI, icon, version).
package pecheck

import (
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
)

// Resource type IDs (winuser.h).
const (
	rtGroupIcon = 14
	rtVersion   = 16
)

// Info is what Inspect found.
type Info struct {
	PE32Plus bool // 64-bit optional header
	GUI      bool // IMAGE_SUBSYSTEM_WINDOWS_GUI: no console window
	Icon     bool // an RT_GROUP_ICON resource
	Version  bool // an RT_VERSION resource
}

// Inspect reads the executable at path.
func Inspect(path string) (Info, error) {
	f, err := pe.Open(path)
	if err != nil {
		return Info{}, err
	}
	defer f.Close()
	var info Info
	if oh, ok := f.OptionalHeader.(*pe.OptionalHeader64); ok {
		info.PE32Plus = true
		info.GUI = oh.Subsystem == pe.IMAGE_SUBSYSTEM_WINDOWS_GUI
	}
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		return info, nil
	}
	data, err := rsrc.Data()
	if err != nil {
		return info, fmt.Errorf("read .rsrc: %w", err)
	}
	types, err := rootTypes(data)
	if err != nil {
		return info, err
	}
	info.Icon, info.Version = types[rtGroupIcon], types[rtVersion]
	return info, nil
}

func rootTypes(d []byte) (map[uint32]bool, error) {
	if len(d) < 16 {
		return nil, errors.New(".rsrc too short")
	}
	named := int(binary.LittleEndian.Uint16(d[12:]))
	ids := int(binary.LittleEndian.Uint16(d[14:]))
	out := map[uint32]bool{}
	for i := 0; i < named+ids; i++ {
		off := 16 + 8*i
		if off+8 > len(d) {
			return nil, errors.New(".rsrc directory truncated")
		}
		name := binary.LittleEndian.Uint32(d[off:])
		if name&0x80000000 == 0 {
			out[name] = true
		}
	}
	return out, nil
}
