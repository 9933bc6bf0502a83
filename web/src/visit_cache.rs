//! Answers kept for the current page visit. Locking and unlocking draw a page again without
//! leaving it; its reads come from here then, so unlocking stays a local act that sends nothing
//! to the server. Moving to another page (another path) forgets everything: a visit always
//! starts with fresh data.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

thread_local! {
    static ANSWERS: RefCell<HashMap<String, Rc<dyn Any>>> = RefCell::new(HashMap::new());
}

/// Forgets the answers whenever the path changes. Call once, inside the `<Router>`.
pub fn forget_on_navigation() {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            forget_all();
        }
        path
    });
}

/// Forgets every kept answer (after a change that makes them stale).
pub fn forget_all() {
    ANSWERS.with(|a| a.borrow_mut().clear());
}

/// The kept answer for `key`, or `load`'s (kept when it succeeds).
pub async fn cached<T, E, F>(key: String, load: impl FnOnce() -> F) -> Result<T, E>
where
    T: Clone + 'static,
    F: Future<Output = Result<T, E>>,
{
    let kept = ANSWERS.with(|a| a.borrow().get(&key).and_then(|v| v.downcast_ref::<T>().cloned()));
    if let Some(value) = kept {
        return Ok(value);
    }
    let value = load().await?;
    ANSWERS.with(|a| a.borrow_mut().insert(key, Rc::new(value.clone())));
    Ok(value)
}
