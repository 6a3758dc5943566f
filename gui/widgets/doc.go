// Package widgets holds the few widgets, layouts and input helpers the
// panes and windows share: PlainButton (a button in regular text, see its
// doc), EnumChoice and ChoiceEntry (choices among the engine's values),
// Field (an entry with its hint line), the path dialog, layout helpers,
// Texts (the window's texts that View > Language re-applies), the parsers
// that validate what a user typed (validate.go), and small dialogs.
//
// Use PlainButton rather than Fyne's Button, and regular text only: each
// text style costs its own set of fonts (~10 MB), and
// TestWindowUsesOneTextStyle guards the window's idle memory.
package widgets
