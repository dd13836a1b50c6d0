// Puts a text on the clipboard (the report card's share link); imported as a module, so no inline script is needed.
export function copy(text) {
  return navigator.clipboard.writeText(text);
}
