//! The overview of an organization: plan and seats, members awaiting confirmation, its
//! provider, billing, and how the caller reaches it, with a check that the organization key
//! opens in this browser (the caller's own wrapped copy, or the copy encrypted with the
//! provider key). The key is opened and dropped at once; nothing is sent.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;
use portal_shared::organizations::{MemberStatus, Organization};

use crate::components::icons::{KeyIcon, ShieldIcon, UsersIcon};
use crate::components::organization_parts::{MemberPills, SeatBar, plan_label};
use crate::session::{Session, use_session};

/// Whether the organization key opens here.
#[derive(Debug, Clone, PartialEq)]
enum KeyState {
    Opens,
    /// Not yet, and why (a member awaiting confirmation).
    NotYet(&'static str),
    Fails(String),
}

/// Opens the organization key the caller's way and reports; `None` while locked.
async fn check_key(session: Session, org: Organization) -> Option<KeyState> {
    if super::org_key::reachable(&org) {
        return match super::org_key::with_organization_key(session, &org, |_| ()).await {
            Ok(Some(())) => Some(KeyState::Opens),
            Ok(None) => None,
            Err(why) => Some(KeyState::Fails(why)),
        };
    }
    Some(match org.access.member_status {
        Some(MemberStatus::Accepted | MemberStatus::Invited) => KeyState::NotYet(
            "An administrator of the organization confirms you first; their browser then hands you the key.",
        ),
        _ => KeyState::NotYet("Your account holds no copy of this organization's key."),
    })
}

/// The overview section of the organization page, for the organization of its context.
#[component]
pub fn OrganizationOverviewSection() -> impl IntoView {
    let ctx = super::use_organization()?;
    Some(view! { <OrganizationOverview org=ctx.organization.get_untracked() /> })
}

/// The overview cards.
#[component]
pub fn OrganizationOverview(org: Organization) -> impl IntoView {
    let awaiting = org.awaiting_confirmation;
    let access = org.access.clone();
    let how = match (&org.provider, access.via_provider, access.member_type) {
        (Some(p), true, _) => format!("You administer this client as a user of {}.", p.name),
        (_, _, Some(t)) => match access.member_status {
            Some(MemberStatus::Confirmed) => format!("You are a confirmed {} of this organization.", t.label()),
            Some(MemberStatus::Accepted) => {
                format!("You joined as {}; an administrator still has to confirm you.", t.label())
            }
            _ => format!("You are invited as {}.", t.label()),
        },
        _ => "You can see this organization.".to_owned(),
    };
    let can = if access.can_administer {
        "You can administer it: members, groups, collections, policies and settings."
    } else {
        "You use the collections you are given; its administrators manage it."
    };
    let session = use_session();
    let key_org = org.clone();
    let key = LocalResource::new(move || check_key(session, key_org.clone()));
    let seats_text = match org.seats {
        Some(s) => s.to_string(),
        None => "Unlimited".to_owned(),
    };

    view! {
        <div class="org-overview">
            <section class="card" aria-labelledby="org-seats-title" data-testid="organization-seats">
                <div class="card-header">
                    <h2 class="card-title" id="org-seats-title">"Plan and seats"</h2>
                </div>
                <div class="card-body stack">
                    <SeatBar used=org.seats_used seats=org.seats />
                    <dl class="kv">
                        <div class="kv-row"><dt>"Plan"</dt><dd>{plan_label(org.plan)}</dd></div>
                        <div class="kv-row"><dt>"Seats bought"</dt><dd>{seats_text}</dd></div>
                        <div class="kv-row"><dt>"Seats used"</dt><dd>{org.seats_used}</dd></div>
                        <div class="kv-row">
                            <dt>"Awaiting confirmation"</dt>
                            <dd data-testid="organization-awaiting">
                                {if awaiting > 0 {
                                    Either::Left(view! { <span class="count-badge count-badge-warn">{awaiting}</span> })
                                } else {
                                    Either::Right("None")
                                }}
                            </dd>
                        </div>
                    </dl>
                </div>
            </section>
            <section class="card" aria-labelledby="org-access-title" data-testid="organization-access">
                <div class="card-header">
                    <h2 class="card-title" id="org-access-title">"Your access"</h2>
                    <div class="pill-row"><MemberPills access=access.clone() /></div>
                </div>
                <div class="card-body">
                    <ul class="explain-list">
                        <li>
                            <span class="explain-icon"><UsersIcon /></span>
                            <div>
                                <p class="explain-title" data-testid="organization-how">{how}</p>
                                <p class="muted">{can}</p>
                            </div>
                        </li>
                        <li>
                            <span class="explain-icon"><KeyIcon /></span>
                            <div>
                                <p class="explain-title">"Organization key"</p>
                                <Suspense fallback=|| view! { <p class="muted">"Checking in this browser…"</p> }>
                                    {move || Suspend::new(async move {
                                        let state = key.await;
                                        view! { <KeyStatus state=state /> }
                                    })}
                                </Suspense>
                            </div>
                        </li>
                    </ul>
                </div>
            </section>
            <section class="card" aria-labelledby="org-billing-title">
                <div class="card-header">
                    <h2 class="card-title" id="org-billing-title">"Billing and provider"</h2>
                </div>
                <div class="card-body">
                    <dl class="kv">
                        <div class="kv-row">
                            <dt>"Billing email"</dt>
                            <dd class="kv-text" data-testid="organization-billing">{org.billing_email.clone()}</dd>
                        </div>
                        <div class="kv-row">
                            <dt>"Provider"</dt>
                            <dd class="kv-text" data-testid="organization-provider">
                                {match (org.provider.clone(), access.via_provider) {
                                    (Some(p), true) => Either::Left(view! {
                                        <A href=format!("/providers/{}/clients", p.id)>{p.name.clone()}</A>
                                    }),
                                    (Some(p), false) => Either::Right(p.name),
                                    (None, _) => Either::Right("None (standalone)".to_owned()),
                                }}
                            </dd>
                        </div>
                    </dl>
                </div>
            </section>
            <section class="card org-coming" aria-labelledby="org-coming-title">
                <div class="card-body">
                    <div class="callout">
                        <span class="callout-icon"><ShieldIcon /></span>
                        <div class="callout-body">
                            <p class="callout-title" id="org-coming-title">"More of the admin area comes next"</p>
                            <p class="muted">
                                "Members are managed in their tab above. Groups, collections, policies and the event log of this "
                                "organization come with the next update of the portal; their tabs are not active yet."
                            </p>
                        </div>
                    </div>
                </div>
            </section>
        </div>
    }
}

/// The key check's answer.
#[component]
fn KeyStatus(state: Option<KeyState>) -> impl IntoView {
    match state {
        Some(KeyState::Opens) => Either::Left(view! {
            <p class="muted" data-testid="organization-key">
                <span class="status-pill status-pill-ok">
                    <span class="status-dot status-dot-ok" aria-hidden="true"></span>
                    "Opens in this browser"
                </span>
                " Checked just now with your own keys; the server never sees it."
            </p>
        }),
        Some(KeyState::NotYet(why)) => Either::Right(Either::Left(view! {
            <p class="muted" data-testid="organization-key">{why}</p>
        })),
        Some(KeyState::Fails(why)) => Either::Right(Either::Right(view! {
            <p class="field-error" data-testid="organization-key">{why}</p>
        })),
        None => Either::Right(Either::Left(
            view! { <p class="muted" data-testid="organization-key">"Unlock to check."</p> },
        )),
    }
}
