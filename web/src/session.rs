//! The session of this browser tab: who is signed in, whether their keys are unlocked, and the
//! tokens that authenticate API calls.
//!
//! - **Keys** ([`UserKeys`]) live only in a signal in memory. Locking drops them (they zeroize on
//!   drop); nothing about them is ever written to storage.
//! - **Tokens** (access and refresh) live in memory and in `sessionStorage`, which is per tab and
//!   survives a reload: a reload lands on the lock screen, not on a new sign-in. Never in
//!   `localStorage`, and never next to the master password or the authentication hash, which are
//!   not stored at all.
//! - The access token is refreshed shortly before it expires, and once more when the API answers
//!   401 (see [`crate::api::call`]). Only one refresh runs at a time: refresh tokens are single
//!   use, and presenting a spent one ends the whole session on the server.
//! - The keys are dropped after a configurable time without input (a preference in
//!   `localStorage`: a number of minutes, not a secret).
//!
//! States: signed out (no tokens), locked (tokens, no keys), unlocked (tokens and keys).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::{LocalBoxFuture, Shared};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use portal_shared::accounts::Account;
use portal_shared::auth::{TokenRequest, TokenResponse};
use portal_shared::client::ClientError;
use portal_shared::crypto::UserKeys;
use portal_shared::policies::{VaultTimeoutAction, VaultTimeoutOptions};
use serde::{Deserialize, Serialize};

use crate::api;

/// Where the tokens of this tab are kept in `sessionStorage`.
const TOKENS_KEY: &str = "provider-portal.session";
/// Where the idle-lock preference is kept in `localStorage`.
const IDLE_KEY: &str = "provider-portal.idle-lock-minutes";

/// The idle-lock times offered, in minutes.
pub const IDLE_LOCK_CHOICES: [u32; 7] = [1, 5, 10, 15, 30, 60, 240];
/// The idle-lock time of a new browser, in minutes.
pub const IDLE_LOCK_DEFAULT: u32 = 15;

/// How often the idle timer looks at the clock.
const IDLE_CHECK: Duration = Duration::from_secs(5);
/// Pointer moves closer together than this count as one input (they arrive at 60 Hz or more).
const INPUT_THROTTLE_MS: f64 = 1_000.0;

/// Where the person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No session in this tab.
    SignedOut,
    /// Signed in, keys not in memory: the unlock card stands in for every page that needs them.
    Locked,
    /// Signed in with the keys in memory.
    Unlocked,
}

/// The session context (a handle of signals; cheap to copy).
#[derive(Clone, Copy)]
pub struct Session {
    status: RwSignal<Status>,
    account: RwSignal<Option<Account>>,
    /// Why the account could not be loaded (after a reload, for the lock screen).
    account_error: RwSignal<Option<ClientError>>,
    account_loading: RwSignal<bool>,
    keys: RwSignal<Option<UserKeys>>,
    notice: RwSignal<Option<String>>,
    idle_minutes: RwSignal<u32>,
    /// The strictest vault timeout of the person's organizations: the longest idle time allowed,
    /// and whether it ends in signing out rather than locking.
    vault_timeout: RwSignal<Option<VaultTimeoutOptions>>,
}

/// The tokens of this tab, as kept in `sessionStorage`.
#[derive(Clone, Serialize, Deserialize)]
struct Tokens {
    access_token: String,
    refresh_token: String,
    /// When the access token expires, in milliseconds since the epoch (the browser's clock).
    expires_at: f64,
}

/// Why a token refresh failed.
#[derive(Debug, Clone)]
pub enum RefreshError {
    /// The server refused the refresh token (expired, revoked, reused) or there was none: the
    /// session is over.
    Rejected,
    /// The server could not be reached; the session may still be good.
    Unreachable(ClientError),
}

type RefreshFuture = Shared<LocalBoxFuture<'static, Result<String, RefreshError>>>;
/// The router's navigation, kept for code outside components (an expired session).
type Navigate = Rc<dyn Fn(&str)>;

thread_local! {
    static TOKENS: RefCell<Option<Tokens>> = const { RefCell::new(None) };
    /// The refresh under way, which every caller that needs a new token awaits.
    static REFRESHING: RefCell<Option<RefreshFuture>> = const { RefCell::new(None) };
    static REFRESH_TIMER: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
    /// Bumped whenever the session ends, so that a refresh answer arriving late is dropped.
    static GENERATION: Cell<u64> = const { Cell::new(0) };
    static LAST_INPUT: Cell<f64> = const { Cell::new(0.0) };
    static CURRENT: Cell<Option<Session>> = const { Cell::new(None) };
    static NAVIGATE: RefCell<Option<Navigate>> = const { RefCell::new(None) };
}

/// Creates the session of this tab (restoring its tokens after a reload, locked) and provides it
/// to every component below. Call once, inside the `<Router>`.
pub fn provide_session() -> Session {
    let restored = load_tokens();
    let session = Session::new(if restored.is_some() { Status::Locked } else { Status::SignedOut });
    let navigate = use_navigate();
    NAVIGATE.with(|n| *n.borrow_mut() = Some(Rc::new(move |path: &str| navigate(path, NavigateOptions::default()))));
    CURRENT.with(|c| c.set(Some(session)));
    if let Some(tokens) = restored {
        let remaining = ((tokens.expires_at - js_sys::Date::now()) / 1000.0).max(0.0);
        TOKENS.with(|t| *t.borrow_mut() = Some(tokens));
        // `remaining` is at most a token lifetime; the cast cannot overflow.
        schedule_refresh(remaining as u64);
        // The lock screen and the top bar need the account (email, KDF parameters, keys).
        session.load_account();
    }
    watch_for_idleness(session);
    provide_context(session);
    session
}

/// The session provided by [`provide_session`].
pub fn use_session() -> Session {
    match use_context::<Session>() {
        Some(session) => session,
        // A component outside the app's tree (never in the portal itself): the tab's session.
        None => CURRENT.with(Cell::get).unwrap_or_else(|| Session::new(Status::SignedOut)),
    }
}

impl Session {
    fn new(status: Status) -> Self {
        Session {
            status: RwSignal::new(status),
            account: RwSignal::new(None),
            account_error: RwSignal::new(None),
            account_loading: RwSignal::new(false),
            keys: RwSignal::new(None),
            notice: RwSignal::new(None),
            idle_minutes: RwSignal::new(load_idle_minutes()),
            vault_timeout: RwSignal::new(None),
        }
    }

    /// Loads the signed-in account (`GET /accounts/me`) into the session, unless a load is under
    /// way. A failure is kept for [`Self::account_error`]; a refused session ends on its own.
    pub fn load_account(&self) {
        if self.account_loading.get_untracked() {
            return;
        }
        let session = *self;
        session.account_loading.set(true);
        session.account_error.set(None);
        leptos::task::spawn_local(async move {
            let result = api::accounts::get_me().await;
            session.account_loading.set(false);
            if session.status.get_untracked() == Status::SignedOut {
                return;
            }
            match result {
                Ok(account) => {
                    session.account.set(Some(account));
                    // With the account, not at unlock: unlocking never asks the server anything.
                    session.load_policies();
                }
                Err(err) => session.account_error.set(Some(err)),
            }
        });
    }

    /// Why the account could not be loaded, if it could not (tracked).
    pub fn account_error(&self) -> Option<ClientError> {
        self.account_error.get()
    }

    /// Whether the account is being loaded (tracked).
    pub fn account_loading(&self) -> bool {
        self.account_loading.get()
    }

    /// Where the person is (tracked).
    pub fn status(&self) -> Status {
        self.status.get()
    }

    /// Where the person is, untracked.
    pub fn status_untracked(&self) -> Status {
        self.status.get_untracked()
    }

    /// Whether the signed-in account is an instance administrator (tracked).
    pub fn is_instance_admin(&self) -> bool {
        self.account.with(|a| a.as_ref().is_some_and(|a| a.is_instance_admin))
    }

    /// Reads the signed-in account without cloning it (tracked).
    pub fn with_account<R>(&self, f: impl FnOnce(Option<&Account>) -> R) -> R {
        self.account.with(|a| f(a.as_ref()))
    }

    /// Replaces the cached account (after a change, or a fresh `GET /accounts/me`).
    pub fn set_account(&self, account: Account) {
        self.account.set(Some(account));
    }

    /// Runs `f` on the unlocked keys, if the session is unlocked (tracked). The keys are never
    /// cloned out of the session.
    pub fn with_keys<R>(&self, f: impl FnOnce(&UserKeys) -> R) -> Option<R> {
        self.keys.with(|k| k.as_ref().map(f))
    }

    /// A message for the next sign-in or unlock screen (why the person is there), taken once.
    pub fn take_notice(&self) -> Option<String> {
        let notice = self.notice.get_untracked();
        if notice.is_some() {
            self.notice.set(None);
        }
        notice
    }

    /// Keeps the tokens of a sign-in that is not finished yet (the account and keys come next):
    /// authenticated calls can use them, the session stays signed out until [`Self::start`].
    pub fn adopt_tokens(&self, tokens: &TokenResponse) -> Result<(), ClientError> {
        store_tokens(tokens)
    }

    /// Finishes a sign-in (or a registration followed by one): the session is unlocked.
    pub fn start(&self, account: Account, keys: UserKeys) {
        self.account.set(Some(account));
        self.keys.set(Some(keys));
        self.notice.set(None);
        self.status.set(Status::Unlocked);
        touch();
        self.load_policies();
    }

    /// Reads the policies in force for the person (`GET /accounts/me/policies`), at sign-in and
    /// when the account is loaded again: the vault timeout of their organizations bounds the idle
    /// lock. A failure keeps the person's choice.
    pub fn load_policies(&self) {
        let timeout = self.vault_timeout;
        leptos::task::spawn_local(async move {
            if let Ok(mine) = api::accounts::my_policies().await {
                timeout.try_set(mine.effective.vault_timeout);
            }
        });
    }

    /// The vault timeout an organization imposes, if any (tracked).
    pub fn vault_timeout(&self) -> Option<VaultTimeoutOptions> {
        self.vault_timeout.get()
    }

    /// The idle time that applies: the person's choice, never longer than their organizations
    /// allow.
    pub fn effective_idle_minutes(&self) -> u32 {
        let chosen = self.idle_minutes.get_untracked();
        self.vault_timeout.with_untracked(|t| t.as_ref().map_or(chosen, |t| chosen.min(t.minutes)))
    }

    /// Gives up a sign-in that got tokens but could not finish (its keys did not open): forgets
    /// the tokens here and ends the session on the server.
    pub fn abandon(&self) {
        let refresh = TOKENS.with(|t| t.borrow().as_ref().map(|t| t.refresh_token.clone()));
        self.clear(None);
        if let Some(refresh_token) = refresh {
            leptos::task::spawn_local(async move {
                let _ = api::auth::logout(refresh_token).await;
            });
        }
    }

    /// The cached account, untracked.
    pub fn account_untracked(&self) -> Option<Account> {
        self.account.get_untracked()
    }

    /// The message for the next screen, untracked and not taken.
    pub fn notice_untracked(&self) -> Option<String> {
        self.notice.get_untracked()
    }

    /// Sets a message for the next screen.
    pub fn set_notice(&self, notice: impl Into<String>) {
        self.notice.set(Some(notice.into()));
    }

    /// Swaps in new tokens for this session (a master password change answers with them).
    pub fn replace_tokens(&self, tokens: &TokenResponse) -> Result<(), ClientError> {
        store_tokens(tokens)
    }

    /// Puts the keys back after the master password opened them again.
    pub fn unlock(&self, keys: UserKeys) {
        if self.status.get_untracked() == Status::SignedOut {
            return;
        }
        self.keys.set(Some(keys));
        self.notice.set(None);
        self.status.set(Status::Unlocked);
        touch();
    }

    /// Drops the keys from memory (they zeroize on drop); the tokens stay, so unlocking needs
    /// only the master password.
    pub fn lock(&self, notice: Option<String>) {
        if self.status.get_untracked() != Status::Unlocked {
            return;
        }
        self.keys.set(None);
        self.notice.set(notice);
        self.status.set(Status::Locked);
    }

    /// Signs out: forgets everything in this tab at once, then tells the server to end the
    /// session (without waiting for it: the tab is signed out either way).
    pub fn sign_out(&self) {
        self.sign_out_then("/");
    }

    /// Signs out like [`Self::sign_out`], and has the sign-in page return to `next` afterwards
    /// (an invitation meant for another account).
    pub fn sign_out_then(&self, next: &str) {
        let refresh = TOKENS.with(|t| t.borrow().as_ref().map(|t| t.refresh_token.clone()));
        self.clear(Some("You have signed out.".into()));
        go_to(&sign_in_path(next));
        if let Some(refresh_token) = refresh {
            leptos::task::spawn_local(async move {
                // Always 204; a failure (server unreachable) leaves a session that expires by itself.
                let _ = api::auth::logout(refresh_token).await;
            });
        }
    }

    /// The idle-lock time in minutes (tracked).
    pub fn idle_minutes(&self) -> u32 {
        self.idle_minutes.get()
    }

    /// Changes the idle-lock time and remembers it for this browser.
    pub fn set_idle_minutes(&self, minutes: u32) {
        let minutes = minutes.clamp(1, 24 * 60);
        self.idle_minutes.set(minutes);
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            // A preference: if the browser refuses storage, it holds for this tab only.
            let _ = storage.set_item(IDLE_KEY, &minutes.to_string());
        }
    }

    /// Forgets the tokens, keys and account of this tab.
    fn clear(&self, notice: Option<String>) {
        GENERATION.with(|g| g.set(g.get() + 1));
        TOKENS.with(|t| *t.borrow_mut() = None);
        REFRESHING.with(|r| *r.borrow_mut() = None);
        if let Some(timer) = REFRESH_TIMER.with(|t| t.borrow_mut().take()) {
            timer.clear();
        }
        if let Some(storage) = session_storage() {
            let _ = storage.remove_item(TOKENS_KEY);
        }
        self.keys.set(None);
        self.account.set(None);
        self.account_error.set(None);
        self.notice.set(notice);
        self.status.set(Status::SignedOut);
    }
}

/// The current access token, if this tab is signed in.
pub fn access_token() -> Option<String> {
    TOKENS.with(|t| t.borrow().as_ref().map(|t| t.access_token.clone()))
}

/// Gets a new access token with the refresh token. `stale` is the access token that the server
/// just refused: when another caller has already replaced it, its successor is returned without a
/// second refresh. Concurrent callers share one refresh.
pub async fn refresh_access_token(stale: Option<&str>) -> Result<String, RefreshError> {
    let current = access_token();
    if let (Some(stale), Some(current)) = (stale, &current)
        && stale != current
    {
        return Ok(current.clone());
    }
    let refresh =
        REFRESHING.with(|r| r.borrow_mut().get_or_insert_with(|| run_refresh().boxed_local().shared()).clone());
    refresh.await
}

/// The one refresh in flight.
async fn run_refresh() -> Result<String, RefreshError> {
    let generation = GENERATION.with(Cell::get);
    let Some(refresh_token) = TOKENS.with(|t| t.borrow().as_ref().map(|t| t.refresh_token.clone())) else {
        REFRESHING.with(|r| *r.borrow_mut() = None);
        return Err(RefreshError::Rejected);
    };
    let answer = api::auth::token(TokenRequest {
        grant_type: "refresh_token".into(),
        refresh_token: Some(refresh_token),
        ..Default::default()
    })
    .await;
    REFRESHING.with(|r| *r.borrow_mut() = None);
    if GENERATION.with(Cell::get) != generation {
        // Signed out while the answer was on its way.
        return Err(RefreshError::Rejected);
    }
    match answer {
        Ok(tokens) => {
            let access = tokens.access_token.clone();
            store_tokens(&tokens).map_err(|_| RefreshError::Rejected)?;
            Ok(access)
        }
        Err(ClientError::Problem(p)) if p.status < 500 && p.status != 429 => Err(RefreshError::Rejected),
        Err(other) => Err(RefreshError::Unreachable(other)),
    }
}

/// Ends the session because the server no longer accepts it, and sends the person to sign in.
/// The one place where an expired session leads to `/sign-in`.
pub fn end_expired() {
    let Some(session) = CURRENT.with(Cell::get) else { return };
    if session.status.get_untracked() == Status::SignedOut {
        return;
    }
    session.clear(Some("Your session has ended. Sign in again to continue.".into()));
    let here = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
    go_to(&sign_in_path(&here));
}

/// `/sign-in`, with `next` pointing back to `here` when that is worth returning to.
pub fn sign_in_path(here: &str) -> String {
    if here.is_empty() || here == "/" || here.starts_with("/sign-in") || here.starts_with("/register") {
        "/sign-in".into()
    } else {
        format!("/sign-in?next={}", js_sys::encode_uri_component(here))
    }
}

/// The path and query of `location`, to come back to (the router's `search` has no `?`).
pub fn path_and_query(location: &leptos_router::location::Location) -> String {
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    if search.is_empty() { path } else { format!("{path}?{search}") }
}

/// A `next` query value worth following: a path of this portal (never another origin).
pub fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\"))
}

/// `path` with `next` (and a suggested `email`) as its query, for the links between the sign-in
/// and registration pages, so that either one returns to where the person was going.
pub fn auth_link(path: &str, next: Option<&str>, email: Option<&str>) -> String {
    let mut query = Vec::new();
    if let Some(next) = next.filter(|n| *n != "/") {
        query.push(format!("next={}", js_sys::encode_uri_component(next)));
    }
    if let Some(email) = email.filter(|e| !e.is_empty()) {
        query.push(format!("email={}", js_sys::encode_uri_component(email)));
    }
    if query.is_empty() { path.to_owned() } else { format!("{path}?{}", query.join("&")) }
}

/// Navigates within the portal.
pub fn go_to(path: &str) {
    let navigate = NAVIGATE.with(|n| n.borrow().clone());
    match navigate {
        Some(navigate) => navigate(path),
        None => {
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_href(path);
            }
        }
    }
}

/// Keeps new tokens in memory and in `sessionStorage`, and plans their refresh.
fn store_tokens(tokens: &TokenResponse) -> Result<(), ClientError> {
    let refresh_token = tokens
        .refresh_token
        .clone()
        .ok_or_else(|| ClientError::Transport("the server issued no refresh token".into()))?;
    let stored = Tokens {
        access_token: tokens.access_token.clone(),
        refresh_token,
        expires_at: js_sys::Date::now() + tokens.expires_in as f64 * 1000.0,
    };
    if let (Some(storage), Ok(json)) = (session_storage(), serde_json::to_string(&stored)) {
        // Without storage (a browser setting) the session lasts until the tab reloads.
        let _ = storage.set_item(TOKENS_KEY, &json);
    }
    TOKENS.with(|t| *t.borrow_mut() = Some(stored));
    schedule_refresh(tokens.expires_in);
    Ok(())
}

/// Refreshes the access token a little before it expires (`expires_in` seconds from now).
fn schedule_refresh(expires_in: u64) {
    let margin = (expires_in / 5).clamp(5, 60);
    let delay = Duration::from_secs(expires_in.saturating_sub(margin));
    let generation = GENERATION.with(Cell::get);
    let timer = set_timeout_with_handle(
        move || {
            if GENERATION.with(Cell::get) != generation {
                return;
            }
            leptos::task::spawn_local(async move {
                match refresh_access_token(None).await {
                    Ok(_) => {}
                    Err(RefreshError::Rejected) => end_expired(),
                    // Try again soon; a call in between refreshes on its 401 anyway.
                    Err(RefreshError::Unreachable(_)) => {
                        if GENERATION.with(Cell::get) == generation {
                            schedule_refresh(30 + margin);
                        }
                    }
                }
            });
        },
        delay,
    )
    .ok();
    if let Some(old) = REFRESH_TIMER.with(|t| std::mem::replace(&mut *t.borrow_mut(), timer)) {
        old.clear();
    }
}

/// Locks the session after the chosen number of minutes without keyboard, pointer or touch input.
fn watch_for_idleness(session: Session) {
    touch();
    // The listeners live as long as the tab: the handles are dropped without removing them.
    let _ = window_event_listener(leptos::ev::keydown, |_| note_input());
    let _ = window_event_listener(leptos::ev::pointerdown, |_| note_input());
    let _ = window_event_listener(leptos::ev::pointermove, |_| note_input());
    let _ = window_event_listener(leptos::ev::wheel, |_| note_input());
    let _ = window_event_listener(leptos::ev::touchstart, |_| note_input());
    let _ = set_interval_with_handle(
        move || {
            if session.status.get_untracked() != Status::Unlocked {
                return;
            }
            let minutes = session.effective_idle_minutes();
            let idle_ms = js_sys::Date::now() - LAST_INPUT.with(Cell::get);
            if idle_ms >= f64::from(minutes) * 60_000.0 {
                let unit = if minutes == 1 { "minute" } else { "minutes" };
                let logs_out = session
                    .vault_timeout
                    .with_untracked(|t| t.as_ref().is_some_and(|t| t.action == VaultTimeoutAction::LogOut));
                if logs_out {
                    // An organization's policy: signing out, not only locking.
                    session.sign_out_then("/");
                } else {
                    session.lock(Some(format!("Locked after {minutes} {unit} without activity.")));
                }
            }
        },
        IDLE_CHECK,
    );
}

/// Records an input event (pointer moves arrive at 60 Hz or more: at most one write a second).
fn note_input() {
    let now = js_sys::Date::now();
    if now - LAST_INPUT.with(Cell::get) > INPUT_THROTTLE_MS {
        LAST_INPUT.with(|l| l.set(now));
    }
}

/// Counts as input now (the idle timer starts over).
fn touch() {
    LAST_INPUT.with(|l| l.set(js_sys::Date::now()));
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn load_tokens() -> Option<Tokens> {
    let json = session_storage()?.get_item(TOKENS_KEY).ok().flatten()?;
    serde_json::from_str(&json).ok()
}

fn load_idle_minutes() -> u32 {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(IDLE_KEY).ok().flatten())
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|m| (1..=24 * 60).contains(m))
        .unwrap_or(IDLE_LOCK_DEFAULT)
}
