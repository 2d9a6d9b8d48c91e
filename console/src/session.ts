// The admin token lives in this tab's sessionStorage only: gone when the tab closes, never in
// localStorage, a cookie or a URL (docs/console.md).

const KEY = 'voxcall.adminToken';

export const session = {
  token(): string | null {
    return sessionStorage.getItem(KEY);
  },
  signIn(token: string): void {
    sessionStorage.setItem(KEY, token);
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
  },
};
