package conditions

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

// TestAttributesSetBack reads every type's attributes back with Set, under
// toxiproxy's name and under the command line's key (with its unit), to the
// same condition, in the order of Keys.
func TestAttributesSetBack(t *testing.T) {
	samples := map[Type]Condition{
		Latency:   {Type: Latency, Latency: 300 * time.Millisecond, Jitter: 1500 * time.Microsecond},
		Bandwidth: {Type: Bandwidth, Rate: 100},
		SlowClose: {Type: SlowClose, Delay: 2 * time.Second},
		Timeout:   {Type: Timeout},
		ResetPeer: {Type: ResetPeer, Delay: 750 * time.Millisecond},
		Slicer:    {Type: Slicer, AverageSize: 64, SizeVariation: 16, Delay: 500 * time.Microsecond},
		LimitData: {Type: LimitData, Bytes: 1 << 20},
		Down:      {Type: Down},
		Loss:      {Type: Loss, Probability: 0.1, Correlation: 0.25},
		Duplicate: {Type: Duplicate, Probability: 0.05},
		Reorder:   {Type: Reorder, Probability: 0.2, Window: 4},
		Corrupt:   {Type: Corrupt, Probability: 0.001},
	}
	for _, typ := range Types {
		c, ok := samples[typ]
		if !ok {
			t.Errorf("no sample of type %s: add one here and its case in Attributes", typ)
			continue
		}
		as := c.Attributes()
		var keys []string
		byName, byKey := Condition{Type: typ}, Condition{Type: typ}
		for _, a := range as {
			keys = append(keys, a.Key)
			if err := byName.Set(a.Name, a.Value); err != nil {
				t.Errorf("%s: Set(%s, %s): %v", typ, a.Name, a.Value, err)
			}
			if err := byKey.Set(a.Key, a.Value+a.Unit); err != nil {
				t.Errorf("%s: Set(%s, %s): %v", typ, a.Key, a.Value+a.Unit, err)
			}
		}
		if !reflect.DeepEqual(byName, c) || !reflect.DeepEqual(byKey, c) {
			t.Errorf("%s: attributes %+v read back as %+v and %+v; want %+v", typ, as, byName, byKey, c)
		}
		own := slices.DeleteFunc(Keys(typ), func(k string) bool { return slices.Contains(common, k) })
		if len(own) == 0 {
			own = nil
		}
		if !slices.Equal(keys, own) {
			t.Errorf("%s: keys %v; want those of Keys, %v", typ, keys, own)
		}
	}
}
