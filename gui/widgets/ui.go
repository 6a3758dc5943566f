package widgets

import "fyne.io/fyne/v2"

// UIRunner runs f on the Fyne UI goroutine without waiting. The app uses
// fyne.Do.
type UIRunner func(f func())

// FyneDo is the production UIRunner.
func FyneDo(f func()) { fyne.Do(f) }
