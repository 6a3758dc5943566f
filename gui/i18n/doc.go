// Package i18n holds the window's texts in English and Vietnamese
// (translations/en.json and vi.json, embedded and read by Fyne's lang
// package) and the choice of language.
//
// # Adding a user-visible string
//
//  1. Pick a key: the area, a dot, what it is, in lower camel case
//     ("client.connect", "log.col.time", "menu.view.zoomIn"). Input
//     problems start with "hint.", the engine's messages with "engine.".
//  2. Add the English text under that key to translations/en.json and the
//     Vietnamese to translations/vi.json. A text with values takes them as
//     Go template fields ("Connected to {{.Addr}}"); a text that depends on
//     a count has "one" and "other" forms in English and "other" in
//     Vietnamese.
//  3. In code, use Tr(key), Trf(key, Args{...}) or Trn(key, n, Args{...})
//     with the key written out as a string literal: TestTranslationKeys
//     reads every package under gui/ for such literals and fails when one
//     is missing from either file.
//
// # The engine's messages
//
// Every message the engine writes for a person is a code with named
// arguments (package sockets/msg). The window shows one with the key
// "engine.<code>" and its arguments, nested messages translated in turn
// (TrMessage); an event from its code (TrEvent) and an error from the
// message it carries (TrError). A new code needs its key in both files,
// with every field of its English template: TestEveryCodeHasKeys walks
// msg.Codes() and fails until it has them.
package i18n
