package analyzer

import (
	"encoding/binary"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A place is where a ValueTask can be: an SSA register (a ValueTask or
// interface value, or a part of a struct, array or tuple value), or a
// location in memory, named by an access path. An access path starts at
// an SSA value and selects through it: * (the memory a pointer, slice,
// map or channel refers to), a field, or an element or entry. Element
// selectors name their index by what is known of it: a constant, the
// index an SSA value holds, the element a range loop visits, or some
// element not known. So `h.items[i].vt` for a parameter h is
// h.*.items.*[i].vt, and the same SSA value i names the same element.
//
// Places are interned per function: a placeID is an index into the
// function's placeTable.
type placeID int32

const noPlace placeID = -1

type selKind uint8

const (
	selDeref selKind = iota + 1 // the memory a reference value refers to
	selField                    // a struct field or tuple component
	selIndex                    // an array or slice element, or a map entry
)

// indexKind says what is known of an element selector's index.
type indexKind uint8

const (
	idxConst   indexKind = iota + 1 // a constant index or key
	idxValue                        // the index or key an SSA value holds
	idxRange                        // the element a range loop visits (val: the loop's index or next)
	idxUnknown                      // some element, not known which
	idxEach                         // every element (an effect on each, as a range loop has)
	idxInput                        // the index held by input n (summaries only)
	// idxVisited is an element the range loop val visited earlier in its
	// current traversal: that traversal does not visit it again.
	idxVisited
)

type selector struct {
	kind  selKind
	field int       // selField
	ik    indexKind // selIndex
	key   string    // idxConst: the constant's exact string
	val   ssa.Value // idxValue, idxRange
	n     int       // idxInput
}

func fieldSel(i int) selector      { return selector{kind: selField, field: i} }
func constIndex(k string) selector { return selector{kind: selIndex, ik: idxConst, key: k} }

var (
	derefSel   = selector{kind: selDeref}
	unknownSel = selector{kind: selIndex, ik: idxUnknown}
	eachSel    = selector{kind: selIndex, ik: idxEach}
)

// placeInfo describes one interned place.
type placeInfo struct {
	root   ssa.Value
	sels   []selector
	parent placeID // the place without its last selector; noPlace for a root
	mem    bool    // the path goes through a *: a place in memory
	// mentions are the SSA values the name depends on (root and index
	// values): when one is computed again, the name means something new.
	mentions []ssa.Value
}

// placeTable interns the places of one function.
type placeTable struct {
	ids  map[placeKey]placeID
	info []placeInfo
	vnum map[ssa.Value]uint32 // numbers index values for keys
}

type placeKey struct {
	root ssa.Value
	path string
}

func newPlaceTable() *placeTable {
	return &placeTable{ids: make(map[placeKey]placeID), vnum: make(map[ssa.Value]uint32)}
}

func (t *placeTable) get(id placeID) *placeInfo { return &t.info[id] }

// reg returns the register place of a value.
func (t *placeTable) reg(v ssa.Value) placeID { return t.intern(v, nil, noPlace) }

// child returns the place p selects into with s.
func (t *placeTable) child(p placeID, s selector) placeID {
	pi := t.info[p]
	sels := make([]selector, len(pi.sels)+1)
	copy(sels, pi.sels)
	sels[len(pi.sels)] = s
	return t.intern(pi.root, sels, p)
}

// extend returns p with the selectors sels appended.
func (t *placeTable) extend(p placeID, sels []selector) placeID {
	for _, s := range sels {
		p = t.child(p, s)
	}
	return p
}

func (t *placeTable) intern(root ssa.Value, sels []selector, parent placeID) placeID {
	k := placeKey{root, t.pathKey(sels)}
	if id, ok := t.ids[k]; ok {
		return id
	}
	id := placeID(len(t.info))
	pi := placeInfo{root: root, sels: sels, parent: parent, mentions: []ssa.Value{root}}
	for _, s := range sels {
		switch {
		case s.kind == selDeref:
			pi.mem = true
		case s.kind == selIndex && (s.ik == idxValue || s.ik == idxRange || s.ik == idxVisited):
			pi.mentions = append(pi.mentions, s.val)
		}
	}
	t.info = append(t.info, pi)
	t.ids[k] = id
	return id
}

func (t *placeTable) pathKey(sels []selector) string {
	if len(sels) == 0 {
		return ""
	}
	var b []byte
	for _, s := range sels {
		b = append(b, byte(s.kind))
		switch s.kind {
		case selField:
			b = binary.AppendUvarint(b, uint64(s.field))
		case selIndex:
			b = append(b, byte(s.ik))
			switch s.ik {
			case idxConst:
				b = binary.AppendUvarint(b, uint64(len(s.key)))
				b = append(b, s.key...)
			case idxValue, idxRange, idxVisited:
				b = binary.AppendUvarint(b, uint64(t.valueNum(s.val)))
			case idxInput:
				b = binary.AppendUvarint(b, uint64(s.n))
			}
		}
	}
	return string(b)
}

func (t *placeTable) valueNum(v ssa.Value) uint32 {
	if n, ok := t.vnum[v]; ok {
		return n
	}
	n := uint32(len(t.vnum))
	t.vnum[v] = n
	return n
}

// suffix returns the selectors q has beyond p, if q is p or inside it.
func (t *placeTable) suffix(p, q placeID) ([]selector, bool) {
	pi, qi := &t.info[p], &t.info[q]
	if pi.root != qi.root || len(qi.sels) < len(pi.sels) {
		return nil, false
	}
	a := q
	for n := len(qi.sels) - len(pi.sels); n > 0; n-- {
		a = t.info[a].parent
	}
	if a != p {
		return nil, false
	}
	return qi.sels[len(pi.sels):], true
}

// within reports whether q is p or a place inside it.
func (t *placeTable) within(q, p placeID) bool {
	_, ok := t.suffix(p, q)
	return ok
}

// rebase returns q with its prefix from replaced by to.
func (t *placeTable) rebase(q, from, to placeID) placeID {
	rest, ok := t.suffix(from, q)
	if !ok {
		return noPlace
	}
	return t.extend(to, rest)
}

// indexRelation is what two element selectors are known to select.
type indexRelation uint8

const (
	indexDistinct indexRelation = iota // never the same element
	indexSame                          // always the same element
	indexMay                           // maybe the same
	indexVisits                        // one of them is a range over all elements: it visits the other
)

// relateIndexes compares two element selectors of the same container.
func relateIndexes(a, b selector) indexRelation {
	if a.ik == idxEach || b.ik == idxEach {
		return indexVisits
	}
	if a.ik == idxRange || b.ik == idxRange {
		if a.ik == b.ik && a.val == b.val {
			return indexSame
		}
		r, o := a, b
		if b.ik == idxRange {
			r, o = b, a
		}
		if o.ik == idxVisited && rangeLoopOf(r.val) == o.val {
			return indexDistinct // already visited in this traversal
		}
		return indexVisits
	}
	if a.ik == idxUnknown || b.ik == idxUnknown || a.ik == idxVisited || b.ik == idxVisited {
		return indexMay
	}
	switch {
	case a.ik == idxConst && b.ik == idxConst:
		if a.key == b.key {
			return indexSame
		}
		return indexDistinct
	case a.ik == idxValue && b.ik == idxValue && a.val == b.val:
		return indexSame
	case a.ik == idxInput && b.ik == idxInput && a.n == b.n:
		return indexSame
	}
	return indexMay
}

// relate compares two places: indexSame when they are one place,
// indexVisits when one ranges over elements and the other is one of them,
// indexMay when they may overlap, indexDistinct when they never do. Only
// the paths are compared: the caller decides whether two roots may alias.
func (t *placeTable) relate(p, q placeID) indexRelation {
	if p == q {
		return indexSame
	}
	pi, qi := &t.info[p], &t.info[q]
	if pi.root != qi.root {
		return indexDistinct
	}
	n := min(len(pi.sels), len(qi.sels))
	rel := indexSame
	for i := 0; i < n; i++ {
		a, b := pi.sels[i], qi.sels[i]
		if a.kind != b.kind {
			return indexDistinct
		}
		switch a.kind {
		case selField:
			if a.field != b.field {
				return indexDistinct
			}
		case selIndex:
			switch r := relateIndexes(a, b); r {
			case indexDistinct:
				return indexDistinct
			case indexMay:
				rel = indexMay
			case indexVisits:
				if rel == indexSame {
					rel = indexVisits
				}
			}
		}
	}
	if len(pi.sels) != len(qi.sels) && rel == indexSame {
		return indexMay // one lies inside the other
	}
	return rel
}

// String renders a place for tests and debugging: t3.*[0].1.
func (t *placeTable) String(p placeID) string {
	if p == noPlace {
		return "-"
	}
	pi := &t.info[p]
	var b strings.Builder
	b.WriteString(pi.root.Name())
	for _, s := range pi.sels {
		switch s.kind {
		case selDeref:
			b.WriteString(".*")
		case selField:
			b.WriteString("." + strconv.Itoa(s.field))
		case selIndex:
			b.WriteString("[" + s.indexString() + "]")
		}
	}
	return b.String()
}

func (s selector) indexString() string {
	switch s.ik {
	case idxConst:
		return s.key
	case idxValue:
		return s.val.Name()
	case idxRange:
		return "range " + s.val.Name()
	case idxEach:
		return "each"
	case idxInput:
		return "in" + strconv.Itoa(s.n)
	case idxVisited:
		return "visited " + s.val.Name()
	}
	return "?"
}

// placeType returns the type of what a place holds.
func placeType(pi *placeInfo) types.Type {
	t := pi.root.Type()
	for _, s := range pi.sels {
		t = selectType(t, s)
		if t == nil {
			return nil
		}
	}
	return t
}

// selectType is the type s selects from a value of type t.
func selectType(t types.Type, s selector) types.Type {
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		if s.kind == selDeref {
			return u.Elem()
		}
	case *types.Slice:
		if s.kind == selDeref {
			return types.NewArray(u.Elem(), -1) // the backing array
		}
	case *types.Map:
		if s.kind == selDeref {
			return u // the map's entries, selected by key
		}
		if s.kind == selIndex {
			return u.Elem()
		}
	case *types.Chan:
		if s.kind == selDeref {
			return types.NewArray(u.Elem(), -1)
		}
	case *types.Array:
		if s.kind == selIndex {
			return u.Elem()
		}
	case *types.Struct:
		if s.kind == selField && s.field < u.NumFields() {
			return u.Field(s.field).Type()
		}
	case *types.Tuple:
		if s.kind == selField && s.field < u.Len() {
			return u.At(s.field).Type()
		}
	}
	return nil
}
