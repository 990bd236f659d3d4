// Credentials must never leave the process: every string shown to a person or written to a log goes through here.

/** `scheme://user:secret@host` and `scheme://token@host` → `scheme://***@host`. */
const URL_USERINFO = /([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^\s/@'"`]+)@/g;

export function redactCredentials(text: string): string {
  return text.replace(URL_USERINFO, '$1***@');
}

/** True when a URL-like string carries user info (`user:token@`). */
export function hasCredentials(text: string): boolean {
  URL_USERINFO.lastIndex = 0;
  const found = URL_USERINFO.test(text);
  URL_USERINFO.lastIndex = 0;
  return found;
}
