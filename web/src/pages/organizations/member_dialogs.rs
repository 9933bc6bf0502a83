//! The dialogs of an organization's Members tab: invite people (type, and a Custom member's
//! permissions among those the caller holds), confirm one or every accepted member by their key
//! fingerprint (the organization key is wrapped to each member's public key here, in the
//! browser), change a member's type and permissions, and ask before a change that takes access
//! away. What the caller may do is [`Caller`]; the API decides, and its refusals are worded by
//! [`member_error`].

use futures_util::future::join_all;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use portal_shared::client::ClientError;
use portal_shared::crypto::{PublicKey, WrappedKey, context};
use portal_shared::organizations::{
    ConfirmMembers, CustomPermissions, InviteMembers, Member, MemberConfirmation, MemberInvite, MemberQuery,
    MemberStatus, MemberType, Organization, UpdateMember,
};
use portal_shared::providers::MemberPublicKey;

use super::org_key;
use crate::api;
use crate::components::error_notice::{ErrorNotice, ErrorSummary};
use crate::components::form::{FieldMessage, FormErrors, SubmitButton};
use crate::components::icons::KeyIcon;
use crate::components::modal::{Modal, ModalActions};
use crate::pages::providers::user_dialogs::{InvitationLinks, emails_problem, server_emails_problem, split_emails};
use crate::session::use_session;

const EMAILS_ID: &str = "member-invite-emails";

/// A member as people name them: their name, or their address.
pub fn member_name(member: &Member) -> String {
    member.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| member.email.clone())
}

/// What the person looking may do with the members (the API decides; this only hides what it
/// would refuse).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Caller {
    /// Their account id, to find their own row.
    pub user_id: Option<String>,
    /// Whether they manage members (administrators, Custom members with "manage users").
    pub manage: bool,
    /// Whether they act on Owners (confirmed Owners, the provider's users).
    pub acts_on_owners: bool,
    /// Whether they act on Admins (those, and Admins).
    pub acts_on_admins: bool,
    /// What they hold, so what they may give.
    pub held: CustomPermissions,
    /// Whether they hold a way to the organization key (needed to confirm).
    pub has_key: bool,
}

impl Caller {
    /// The caller's powers over `org`'s members.
    pub fn of(org: &Organization, user_id: Option<String>) -> Self {
        let access = &org.access;
        let confirmed = access.member_status == Some(MemberStatus::Confirmed);
        let acts_on_owners = access.via_provider || (confirmed && access.member_type == Some(MemberType::Owner));
        let acts_on_admins = acts_on_owners || (confirmed && access.member_type == Some(MemberType::Admin));
        Self {
            user_id,
            manage: access.can_administer || access.permissions.manage_users,
            acts_on_owners,
            acts_on_admins,
            held: access.permissions,
            has_key: org_key::reachable(org),
        }
    }

    /// Whether this is the caller's own row.
    pub fn is_me(&self, member: &Member) -> bool {
        self.user_id.is_some() && member.user_id == self.user_id
    }

    /// Whether they may change, revoke or remove `member` (their type allows it).
    pub fn may_act_on(&self, member: &Member) -> bool {
        self.manage
            && match member.kind {
                MemberType::Owner => self.acts_on_owners,
                MemberType::Admin => self.acts_on_admins,
                MemberType::User | MemberType::Custom => true,
            }
    }

    /// Whether they may confirm `member` now.
    pub fn may_confirm(&self, member: &Member) -> bool {
        member.status == MemberStatus::Accepted
            && !member.revoked
            && self.has_key
            && self.manage
            && (member.kind != MemberType::Owner || self.acts_on_owners)
    }

    /// The types they may give.
    pub fn types(&self) -> Vec<MemberType> {
        let mut types = Vec::new();
        if self.acts_on_owners {
            types.push(MemberType::Owner);
        }
        if self.acts_on_admins {
            types.push(MemberType::Admin);
        }
        types.push(MemberType::User);
        if self.held.any() {
            types.push(MemberType::Custom);
        }
        types
    }
}

/// One of the nine permissions of a Custom member.
pub struct Permission {
    /// Its name in the API.
    pub key: &'static str,
    /// What people read.
    pub label: &'static str,
    /// What it lets them do.
    pub detail: &'static str,
    /// Whether a set holds it.
    pub get: fn(&CustomPermissions) -> bool,
    /// Gives or takes it.
    pub set: fn(&mut CustomPermissions, bool),
}

/// The nine permissions, in the order they are offered.
pub const PERMISSIONS: [Permission; 9] = [
    Permission {
        key: "manage_users",
        label: "Manage members",
        detail: "Invite, confirm, change and remove members (giving only what they hold themselves).",
        get: |p| p.manage_users,
        set: |p, v| p.manage_users = v,
    },
    Permission {
        key: "manage_groups",
        label: "Manage groups",
        detail: "Create groups and choose who is in them.",
        get: |p| p.manage_groups,
        set: |p, v| p.manage_groups = v,
    },
    Permission {
        key: "create_new_collections",
        label: "Create collections",
        detail: "Add new collections to the organization.",
        get: |p| p.create_new_collections,
        set: |p, v| p.create_new_collections = v,
    },
    Permission {
        key: "edit_any_collection",
        label: "Edit any collection",
        detail: "Change every collection and who can reach it.",
        get: |p| p.edit_any_collection,
        set: |p, v| p.edit_any_collection = v,
    },
    Permission {
        key: "delete_any_collection",
        label: "Delete any collection",
        detail: "Delete collections, including ones they are not in.",
        get: |p| p.delete_any_collection,
        set: |p, v| p.delete_any_collection = v,
    },
    Permission {
        key: "manage_policies",
        label: "Manage policies",
        detail: "Turn policies on and off and set their options.",
        get: |p| p.manage_policies,
        set: |p, v| p.manage_policies = v,
    },
    Permission {
        key: "access_event_logs",
        label: "Read the event log",
        detail: "See who did what, when and from where.",
        get: |p| p.access_event_logs,
        set: |p, v| p.access_event_logs = v,
    },
    Permission {
        key: "access_reports",
        label: "Read reports",
        detail: "Member access and password health reports.",
        get: |p| p.access_reports,
        set: |p, v| p.access_reports = v,
    },
    Permission {
        key: "access_import_export",
        label: "Import and export",
        detail: "Bring items into the organization's vault and export it.",
        get: |p| p.access_import_export,
        set: |p, v| p.access_import_export = v,
    },
];

/// How many permissions a set holds.
pub fn permission_count(p: &CustomPermissions) -> usize {
    PERMISSIONS.iter().filter(|perm| (perm.get)(p)).count()
}

/// What a member type means, in a line.
pub fn type_detail(kind: MemberType) -> &'static str {
    match kind {
        MemberType::Owner => "Everything, including deleting the organization and managing other Owners.",
        MemberType::Admin => "Administers members, groups, collections and policies; cannot act on Owners.",
        MemberType::User => "Uses the collections they are given. Administers nothing.",
        MemberType::Custom => "A User with the administrative permissions you choose below.",
    }
}

/// A failed change to members, in words for people: the organization's rules get their own.
pub fn member_error(err: &ClientError) -> ErrorSummary {
    let mut summary = ErrorSummary::of(err);
    let ClientError::Problem(p) = err else { return summary };
    let (title, detail): (&str, String) = match p.slug() {
        "owner-only" => (
            "Only Owners can do this",
            "Owners (and the users of the provider that manages a client) are the only ones who make Owners, \
             confirm them, or change, revoke and remove them."
                .into(),
        ),
        "admin-only" => (
            "Only Owners and Admins can do this",
            "Making someone an Admin, or changing an Admin, needs an Owner or an Admin (or the provider's users)."
                .into(),
        ),
        "escalation" => (
            "You can only give permissions you hold",
            "A Custom member who manages members hands out only their own permissions. Untick the ones you do not \
             hold, or ask an Owner or Admin."
                .into(),
        ),
        "last-owner" => (
            "This is the last confirmed Owner",
            "An organization always keeps at least one confirmed Owner. Make someone else an Owner (and confirm \
             them) first."
                .into(),
        ),
        "seats-exhausted" => (
            "Not enough free seats",
            format!(
                "{} Ask for more seats (a client's seats are set by its provider), or revoke someone first.",
                p.detail.clone().unwrap_or_default()
            )
            .trim()
            .to_owned(),
        ),
        "needs-organization-key" => (
            "A person must confirm",
            "Confirming hands over the organization key, which only people (not API keys) hold.".into(),
        ),
        _ => return summary,
    };
    summary.title = title.into();
    summary.detail = Some(detail);
    summary
}

/// A failed change inside a dialog, worded by [`member_error`].
#[component]
pub fn MemberError(error: ClientError) -> impl IntoView {
    let summary = member_error(&error);
    let slug = match &error {
        ClientError::Problem(p) => p.slug().to_owned(),
        ClientError::Transport(_) => "transport".to_owned(),
    };
    view! {
        <div class="notice notice-error" role="alert" data-testid="member-error" data-problem=slug>
            <div class="notice-body">
                <p class="notice-title">{summary.title}</p>
                {summary.detail.map(|d| view! { <p class="notice-detail">{d}</p> })}
                {summary.request_id.map(|id| view! { <p class="notice-meta">"Request id: " <code>{id}</code></p> })}
            </div>
        </div>
    }
}

/// The type radio cards of a form.
#[component]
fn TypeChoice(
    /// The radio group's name (ids derive from it).
    name: &'static str,
    /// The types offered.
    types: Vec<MemberType>,
    /// The chosen type.
    chosen: RwSignal<MemberType>,
    /// The legend.
    legend: &'static str,
) -> impl IntoView {
    let options = types
        .into_iter()
        .map(|kind| {
            let id = format!("{name}-{}", kind.as_str());
            let detail_id = format!("{id}-detail");
            let label_for = id.clone();
            view! {
                <label class="type-option" class:type-option-on=move || chosen.get() == kind for=label_for>
                    <input
                        type="radio"
                        id=id
                        name=name
                        value=kind.as_str()
                        aria-describedby=detail_id.clone()
                        prop:checked=move || chosen.get() == kind
                        on:change=move |_| chosen.set(kind)
                    />
                    <span class="type-option-text">
                        <span class="type-option-title">{kind.label()}</span>
                        <span class="type-option-detail" id=detail_id>{type_detail(kind)}</span>
                    </span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="fieldset type-choice member-type-choice" id=name>
            <legend class="field-label">{legend}</legend>
            {options}
        </fieldset>
    }
}

/// A Custom member's permissions: a checkbox for each permission the caller holds.
#[component]
fn PermissionChoice(
    /// Ids derive from it.
    name: &'static str,
    /// What the caller may give.
    held: CustomPermissions,
    /// The chosen set.
    chosen: RwSignal<CustomPermissions>,
    /// The field's message.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let hidden = PERMISSIONS.len() - permission_count(&held);
    let boxes = PERMISSIONS
        .iter()
        .filter(|p| (p.get)(&held))
        .map(|p| {
            let id = format!("{name}-{}", p.key);
            let (get, set) = (p.get, p.set);
            let label_for = id.clone();
            view! {
                <label class="permission-option" for=label_for>
                    <input
                        type="checkbox"
                        id=id
                        prop:checked=move || chosen.with(get)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| set(c, on));
                        }
                    />
                    <span class="permission-text">
                        <span class="permission-title">{p.label}</span>
                        <span class="permission-detail">{p.detail}</span>
                    </span>
                </label>
            }
        })
        .collect_view();
    let error_id = format!("{name}-error");
    view! {
        <fieldset class="fieldset permission-choice" id=name data-testid="permission-choice">
            <legend class="field-label">"Permissions"</legend>
            <div class="permission-grid">{boxes}</div>
            {(hidden > 0).then(|| view! {
                <p class="field-hint">
                    {format!(
                        "Only the permissions you hold yourself are offered ({} of 9).",
                        PERMISSIONS.len() - hidden
                    )}
                </p>
            })}
            <FieldMessage id=error_id error=error />
        </fieldset>
    }
}

/// "Invite members": one or many addresses, their type, a Custom member's permissions.
#[component]
pub fn InviteMembersDialog(
    /// The organization.
    organization: Organization,
    /// What the caller may give.
    caller: Caller,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Called with the invited members (after their links were handed over, if any).
    on_invited: Callback<Vec<Member>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let kind = RwSignal::new(MemberType::User);
    let permissions = RwSignal::new(CustomPermissions::default());
    let errors = FormErrors::new();
    let failure = RwSignal::new(None::<ClientError>);
    let (busy, set_busy) = signal(false);
    let invited = RwSignal::new(None::<Vec<Member>>);
    let org_id = StoredValue::new(organization.id.clone());
    let count = Memo::new(move |_| text.with(|t| split_emails(t).len()));
    let free = organization.seats.map(|s| (i64::from(s) - organization.seats_used).max(0));
    let held = caller.held;

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        failure.set(None);
        let emails = split_emails(&text.get_untracked());
        let kind = kind.get_untracked();
        let permissions =
            if kind == MemberType::Custom { permissions.get_untracked() } else { CustomPermissions::default() };
        let mut bad = false;
        if let Some(problem) = emails_problem(&emails) {
            errors.set_field("emails", problem);
            bad = true;
        }
        if kind == MemberType::Custom && !permissions.any() {
            errors.set_field("permissions", "Choose at least one permission, or invite them as a User.");
            bad = true;
        }
        if bad {
            errors.focus_first(&[("emails", EMAILS_ID), ("permissions", "invite-permissions-manage_users")]);
            return;
        }
        if let Some(free) = free
            && i64::try_from(emails.len()).unwrap_or(i64::MAX) > free
        {
            errors.set_field(
                "emails",
                format!(
                    "Only {free} {} free: invite fewer people, or add seats first.",
                    if free == 1 { "seat is" } else { "seats are" }
                ),
            );
            errors.focus_first(&[("emails", EMAILS_ID)]);
            return;
        }
        let request = InviteMembers {
            invites: emails
                .iter()
                .map(|email| MemberInvite {
                    email: email.clone(),
                    kind,
                    permissions,
                    groups: Vec::new(),
                    collections: Vec::new(),
                })
                .collect(),
        };
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::members::invite(org_id.get_value(), request).await;
            set_busy.set(false);
            match result {
                Ok(members) if members.iter().any(|m| m.invitation_link.is_some()) => invited.set(Some(members)),
                Ok(members) => on_invited.run(members),
                Err(e) => match server_emails_problem(&e, &emails) {
                    Some(problem) => {
                        errors.set_field("emails", problem);
                        errors.focus_first(&[("emails", EMAILS_ID)]);
                    }
                    None => failure.set(Some(e)),
                },
            }
        });
    };
    let finish = Callback::new(move |()| match invited.get_untracked() {
        Some(members) => on_invited.run(members),
        None => on_close.run(()),
    });
    let title = Signal::derive(move || match invited.with(|i| i.as_ref().map(Vec::len)) {
        Some(1) => "1 person invited".to_owned(),
        Some(n) => format!("{n} people invited"),
        None => "Invite members".to_owned(),
    });
    let name = organization.name.clone();
    let description = Signal::derive(move || {
        if invited.with(Option::is_some) {
            "This server sends no mail (no SMTP relay is configured). Pass each link on yourself: it works once, \
             for 7 days, and only for an account with that address."
                .to_owned()
        } else {
            format!(
                "Each person gets an invitation by email to join {name}. Once they accept, you confirm them by their key fingerprint."
            )
        }
    });
    let error = errors.field("emails");
    let described_by = move || {
        let mut ids = vec![format!("{EMAILS_ID}-hint")];
        if error.with(Option::is_some) {
            ids.push(format!("{EMAILS_ID}-error"));
        }
        ids.join(" ")
    };
    let seats_hint = match free {
        Some(0) => " No seats are free.".to_owned(),
        Some(1) => " 1 seat is free.".to_owned(),
        Some(n) => format!(" {n} seats are free."),
        None => String::new(),
    };

    view! {
        <Modal id="invite-members" title=title description=description on_close=finish busy=busy>
            {move || invited.get().map(|members| {
                let links = members.into_iter().filter_map(|m| m.invitation_link.map(|l| (m.email, l))).collect();
                view! { <InvitationLinks links=links on_done=finish /> }
            })}
            <form class="form" novalidate on:submit=submit hidden=move || invited.with(Option::is_some)>
                <div class="field" class:field-invalid=move || error.with(Option::is_some)>
                    <label for=EMAILS_ID>"Email addresses"</label>
                    <textarea
                        id=EMAILS_ID
                        name=EMAILS_ID
                        class="invite-emails"
                        rows="3"
                        spellcheck="false"
                        autocomplete="off"
                        placeholder="alex@example.com, sam@example.com"
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby=described_by
                        autofocus
                        prop:value=move || text.get()
                        on:input=move |ev| {
                            text.set(event_target_value(&ev));
                            errors.clear_field("emails");
                        }
                    ></textarea>
                    <p class="field-hint" id=format!("{EMAILS_ID}-hint")>
                        "Separate addresses with commas, spaces or new lines. Up to 100 at once."
                        {seats_hint}
                        " "
                        <span data-testid="invite-count">
                            {move || match count.get() {
                                0 => String::new(),
                                1 => "1 address.".to_owned(),
                                n => format!("{n} addresses."),
                            }}
                        </span>
                    </p>
                    <FieldMessage id=format!("{EMAILS_ID}-error") error=error />
                </div>
                <TypeChoice name="invite-type" types=caller.types() chosen=kind legend="They join as" />
                <Show when=move || kind.get() == MemberType::Custom>
                    <PermissionChoice
                        name="invite-permissions"
                        held=held
                        chosen=permissions
                        error=errors.field("permissions")
                    />
                </Show>
                {move || failure.get().map(|e| view! { <MemberError error=e /> })}
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Send invitations" busy_label="Inviting…" busy=busy />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// "Change <name>": their type and, for a Custom member, their permissions.
#[component]
pub fn EditMemberDialog(
    /// The organization's id.
    organization_id: String,
    /// The member.
    member: Member,
    /// What the caller may give.
    caller: Caller,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Called with the changed member.
    on_saved: Callback<Member>,
) -> impl IntoView {
    let kind = RwSignal::new(member.kind);
    let permissions = RwSignal::new(member.permissions);
    let errors = FormErrors::new();
    let failure = RwSignal::new(None::<ClientError>);
    let (busy, set_busy) = signal(false);
    let ids = StoredValue::new((organization_id, member.id.clone()));
    let held = caller.held;
    let mut types = caller.types();
    if !types.contains(&member.kind) {
        types.insert(0, member.kind);
    }
    // Permissions they hold that the caller does not: saving as Custom keeps only what the caller may give.
    let beyond = permission_count(&member.permissions)
        - PERMISSIONS.iter().filter(|p| (p.get)(&member.permissions) && (p.get)(&held)).count();
    let mine = caller.is_me(&member);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        failure.set(None);
        let kind = kind.get_untracked();
        let update = if kind == MemberType::Custom {
            let mut chosen = permissions.get_untracked();
            for p in PERMISSIONS.iter().filter(|p| !(p.get)(&held)) {
                (p.set)(&mut chosen, false);
            }
            if !chosen.any() {
                errors.set_field("permissions", "Choose at least one permission, or make them a User.");
                errors.focus_first(&[("permissions", "edit-permissions-manage_users")]);
                return;
            }
            UpdateMember { kind: Some(kind), permissions: Some(chosen), ..UpdateMember::default() }
        } else {
            UpdateMember {
                kind: Some(kind),
                permissions: Some(CustomPermissions::default()),
                ..UpdateMember::default()
            }
        };
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let (org_id, member_id) = ids.get_value();
            let result = api::members::update(org_id, member_id, update).await;
            set_busy.set(false);
            match result {
                Ok(m) => on_saved.run(m),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <Modal
            id="edit-member"
            title=format!("Change {}", member_name(&member))
            description=format!("{} · {}", member.email, member.kind.label())
            on_close=on_close
            busy=busy
        >
            <form class="form" novalidate on:submit=submit>
                {mine.then(|| view! {
                    <div class="notice notice-warning">
                        <div class="notice-body">
                            <p class="notice-title">"This is you"</p>
                            <p class="notice-detail">"Taking away your own permissions may lock you out of this page."</p>
                        </div>
                    </div>
                })}
                <TypeChoice name="edit-type" types=types chosen=kind legend="Type" />
                <Show when=move || kind.get() == MemberType::Custom>
                    <PermissionChoice
                        name="edit-permissions"
                        held=held
                        chosen=permissions
                        error=errors.field("permissions")
                    />
                    {(beyond > 0).then(|| view! {
                        <p class="field-hint">
                            {format!(
                                "They also hold {beyond} permission{} you do not; saving keeps only the ones shown.",
                                if beyond == 1 { "" } else { "s" }
                            )}
                        </p>
                    })}
                </Show>
                {move || failure.get().map(|e| view! { <MemberError error=e /> })}
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label="Save changes" busy_label="Saving…" busy=busy />
                </ModalActions>
            </form>
        </Modal>
    }
}

/// Whom a confirmation is for.
#[derive(Clone, Debug)]
pub enum ConfirmWho {
    /// One accepted member.
    One(Box<Member>),
    /// Every accepted, unrevoked member the caller may confirm.
    AllAccepted,
}

/// A member to confirm, with the key their account holds (or why it could not be read) and
/// whether its fingerprint belongs to it.
#[derive(Clone)]
struct Candidate {
    member: Member,
    key: Result<MemberPublicKey, ClientError>,
    /// The fingerprint recomputed here from the public key equals the one the server sent.
    genuine: bool,
}

/// What the dialog found: the members to confirm, and how many accepted members it left out
/// (Owners the caller may not confirm, beyond the first 100).
#[derive(Clone)]
struct Found {
    candidates: Vec<Candidate>,
    left_out: usize,
}

async fn find_candidates(org_id: String, who: ConfirmWho, caller: Caller) -> Result<Found, ClientError> {
    let (members, left_out) = match who {
        ConfirmWho::One(m) => (vec![*m], 0),
        ConfirmWho::AllAccepted => {
            let page = api::members::list(
                org_id.clone(),
                MemberQuery { status: Some("accepted".into()), limit: Some(100), ..MemberQuery::default() },
            )
            .await?;
            let more = usize::from(page.next.is_some());
            let total = page.items.len();
            let members: Vec<Member> = page.items.into_iter().filter(|m| caller.may_confirm(m)).collect();
            let skipped = total - members.len();
            (members, skipped + more)
        }
    };
    let keys = join_all(members.iter().map(|m| api::members::public_key(org_id.clone(), m.id.clone()))).await;
    let candidates: Vec<Candidate> = members
        .into_iter()
        .zip(keys)
        .map(|(member, key)| {
            // security: the fingerprint shown must be the one of the key we wrap to; a server that
            // showed one fingerprint and sent another key is caught here, before anyone compares.
            let genuine = key.as_ref().is_ok_and(|k| {
                k.public_key.parse::<PublicKey>().is_ok_and(|p| p.fingerprint().to_string() == k.fingerprint.trim())
            });
            Candidate { member, key, genuine }
        })
        .collect();
    Ok(Found { candidates, left_out })
}

/// Why confirming stopped in this browser.
#[derive(Clone)]
enum ConfirmStop {
    Call(ClientError),
    Message(String),
}

/// "Confirm members": each member's key fingerprint to compare (recomputed here from their
/// public key), a tick per member when there are several, and on "Confirm" the organization
/// key wrapped to each ticked member's key here; only the wrapped copies are sent, all or none.
#[component]
pub fn ConfirmMembersDialog(
    /// The organization (its key is opened the caller's way).
    organization: Organization,
    /// Whom to confirm.
    who: ConfirmWho,
    /// The caller.
    caller: Caller,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Called with the confirmed members.
    on_confirmed: Callback<Vec<Member>>,
) -> impl IntoView {
    let session = use_session();
    let org = StoredValue::new(organization);
    let who = StoredValue::new(who);
    let caller = StoredValue::new(caller);
    let found = LocalResource::new(move || {
        find_candidates(org.with_value(|o| o.id.clone()), who.get_value(), caller.get_value())
    });
    let (loading, set_loading) = signal(false);
    let retry = Callback::new(move |()| found.refetch());
    let (busy, set_busy) = signal(false);
    let stop = RwSignal::new(None::<ConfirmStop>);
    // The members ticked as matching (with one member, the button says it).
    let ticked = RwSignal::new(Vec::<String>::new());
    let single = matches!(who.get_value(), ConfirmWho::One(_));
    let title = match who.get_value() {
        ConfirmWho::One(m) => format!("Confirm {}", member_name(&m)),
        ConfirmWho::AllAccepted => "Confirm members".to_owned(),
    };
    let org_name = org.with_value(|o| o.name.clone());

    let confirm = Callback::new(move |chosen: Vec<Candidate>| {
        if busy.get_untracked() {
            return;
        }
        if chosen.is_empty() {
            stop.set(Some(ConfirmStop::Message("Tick each member whose fingerprint you compared.".into())));
            return;
        }
        stop.set(None);
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = confirm_with_org_key(session, org.get_value(), chosen).await;
            set_busy.set(false);
            match result {
                Ok(Some(members)) => on_confirmed.run(members),
                Ok(None) => {}
                Err(s) => stop.set(Some(s)),
            }
        });
    });

    view! {
        <Modal
            id="confirm-members"
            title=title
            description=if single {
                format!(
                    "Confirming hands them the key of {org_name}, encrypted in this browser to their own key: only then can they open its shared items."
                )
            } else {
                format!(
                    "Confirming hands each member the key of {org_name}, encrypted in this browser to their own key: only then can they open its shared items."
                )
            }
            on_close=on_close
            busy=busy
        >
            <Transition fallback=move || view! {
                <div class="status-loading" role="status">
                    <span class="visually-hidden">"Loading their key fingerprints…"</span>
                    <span class="skeleton skeleton-input" aria-hidden="true"></span>
                </div>
            } set_pending=set_loading>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(found) if found.candidates.is_empty() => EitherOf3::A(view! {
                            <div class="stack" data-testid="confirm-none">
                                <p class="muted">
                                    {if found.left_out > 0 {
                                        "The members waiting are Owners: only an Owner (or the provider's users) can confirm them."
                                    } else {
                                        "Nobody is waiting for confirmation any more."
                                    }}
                                </p>
                                <div class="modal-actions">
                                    <button type="button" class="btn btn-primary" on:click=move |_| on_close.run(())>
                                        "Close"
                                    </button>
                                </div>
                            </div>
                        }),
                        Ok(found) => EitherOf3::B(view! {
                            <ConfirmList
                                found=found
                                single=single
                                ticked=ticked
                                busy=busy
                                stop=stop
                                on_cancel=on_close
                                on_confirm=confirm
                            />
                        }),
                        Err(e) => EitherOf3::C(view! {
                            <div class="stack">
                                <ErrorNotice error=e on_retry=retry pending=loading />
                                <div class="modal-actions">
                                    <button type="button" class="btn btn-secondary" on:click=move |_| on_close.run(())>
                                        "Close"
                                    </button>
                                </div>
                            </div>
                        }),
                    }
                })}
            </Transition>
        </Modal>
    }
}

/// The fingerprints to compare and the buttons.
#[component]
fn ConfirmList(
    found: Found,
    single: bool,
    ticked: RwSignal<Vec<String>>,
    busy: ReadSignal<bool>,
    stop: RwSignal<Option<ConfirmStop>>,
    on_cancel: Callback<()>,
    on_confirm: Callback<Vec<Candidate>>,
) -> impl IntoView {
    let candidates = StoredValue::new(found.candidates.clone());
    let usable = found.candidates.iter().filter(|c| c.genuine).count();
    let cards = found
        .candidates
        .into_iter()
        .enumerate()
        .map(|(i, c)| view! { <CandidateCard index=i candidate=c single=single ticked=ticked /> })
        .collect_view();
    let count = move || {
        if single { 1 } else { ticked.with(Vec::len) }
    };
    let label = Signal::derive(move || match (single, count()) {
        (true, _) => "Fingerprints match: confirm".to_owned(),
        (false, 0) => "Confirm".to_owned(),
        (false, 1) => "Confirm 1 member".to_owned(),
        (false, n) => format!("Confirm {n} members"),
    });
    let left_out = found.left_out;
    view! {
        <form
            class="form"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let chosen: Vec<Candidate> = candidates.with_value(|all| {
                    all.iter()
                        .filter(|c| c.genuine && (single || ticked.with(|t| t.contains(&c.member.id))))
                        .cloned()
                        .collect()
                });
                on_confirm.run(chosen);
            }
        >
            <ol class="confirm-steps">
                <li>"Contact each person by phone, video or in person, not by a message that could be forged."</li>
                <li>"Ask them to read the fingerprint in their account settings (Lock and keys) and compare it, group by group."</li>
                <li>
                    {if single {
                        "Confirm only if every group matches. If it does not, cancel and tell your security contact."
                    } else {
                        "Tick only the members whose every group matches. The others stay waiting."
                    }}
                </li>
            </ol>
            <ul class="confirm-list">{cards}</ul>
            {(left_out > 0).then(|| view! {
                <p class="field-hint">
                    {format!(
                        "{left_out} more waiting {} not listed: Owners are confirmed by an Owner, and at most 100 are confirmed at once.",
                        if left_out == 1 { "member is" } else { "members are" }
                    )}
                </p>
            })}
            {move || stop.get().map(|s| match s {
                ConfirmStop::Call(e) => Either::Left(view! { <MemberError error=e /> }),
                ConfirmStop::Message(m) => Either::Right(view! {
                    <div class="notice notice-error" role="alert" data-testid="confirm-refused">
                        <div class="notice-body"><p class="notice-title">{m}</p></div>
                    </div>
                }),
            })}
            <div class="modal-actions">
                <button
                    type="button"
                    class="btn btn-secondary"
                    aria-disabled=move || busy.get().then_some("true")
                    on:click=move |_| {
                        if !busy.get_untracked() {
                            on_cancel.run(());
                        }
                    }
                >
                    "Cancel"
                </button>
                {(usable > 0).then(|| view! {
                    <button
                        type="submit"
                        class="btn btn-primary"
                        data-testid="confirm-submit"
                        aria-disabled=move || (busy.get() || count() == 0).then_some("true")
                        aria-busy=move || busy.get().then_some("true")
                    >
                        <Show when=move || busy.get()>
                            <span class="spinner" aria-hidden="true"></span>
                        </Show>
                        {move || if busy.get() { "Confirming…".to_owned() } else { label.get() }}
                    </button>
                })}
            </div>
        </form>
    }
}

/// One member's fingerprint, and the tick that says it matched.
#[component]
fn CandidateCard(index: usize, candidate: Candidate, single: bool, ticked: RwSignal<Vec<String>>) -> impl IntoView {
    let Candidate { member, key, genuine } = candidate;
    let name = member_name(&member);
    let id = member.id.clone();
    let label_id = format!("confirm-fingerprint-{index}");
    let check_id = format!("confirm-check-{index}");
    let body = match key {
        Err(e) => EitherOf3::A(view! { <ErrorNotice error=e /> }),
        Ok(_) if !genuine => EitherOf3::B(view! {
            <div class="notice notice-error" role="alert" data-testid="confirm-refused">
                <div class="notice-body">
                    <p class="notice-title">"The fingerprint does not belong to the key the server sent"</p>
                    <p class="notice-detail">"This member cannot be confirmed from here. Tell your security contact."</p>
                </div>
            </div>
        }),
        Ok(k) => {
            let groups = k
                .fingerprint
                .split_whitespace()
                .map(|g| view! { <span class="fingerprint-group">{g.to_owned()}</span> })
                .collect_view();
            let tick = (!single).then(|| {
                let id = id.clone();
                let on = {
                    let id = id.clone();
                    move || ticked.with(|t| t.contains(&id))
                };
                view! {
                    <label class="checkbox confirm-tick" for=check_id.clone()>
                        <input
                            type="checkbox"
                            id=check_id.clone()
                            data-testid="confirm-tick"
                            prop:checked=on
                            on:change=move |ev| {
                                let checked = event_target_checked(&ev);
                                let id = id.clone();
                                ticked.update(|t| {
                                    t.retain(|x| *x != id);
                                    if checked {
                                        t.push(id);
                                    }
                                });
                            }
                        />
                        "The fingerprint matches"
                    </label>
                }
            });
            EitherOf3::C(view! {
                <p
                    class="fingerprint fingerprint-large"
                    class:fingerprint-compact=!single
                    aria-labelledby=label_id.clone()
                    data-testid="confirm-fingerprint"
                    aria-label=k.fingerprint.clone()
                >
                    {groups}
                </p>
                {tick}
            })
        }
    };
    view! {
        <li class="confirm-item fingerprint-block" data-testid="confirm-item" data-email=member.email.clone()>
            <p class="fingerprint-label" id=label_id.clone()>
                <KeyIcon />
                <span class="confirm-who">
                    <strong>{name}</strong>
                    {member.name.is_some().then(|| view! { <span class="muted">" · " {member.email.clone()}</span> })}
                    <span class="muted">" · " {member.kind.label()}</span>
                </span>
            </p>
            {body}
        </li>
    }
}

/// Opens the organization key the caller's way, wraps it to each member's public key (whose
/// fingerprint was checked against the one shown), and sends the wrapped copies only.
/// `Ok(None)` when the session locked meanwhile.
async fn confirm_with_org_key(
    session: crate::session::Session,
    org: Organization,
    chosen: Vec<Candidate>,
) -> Result<Option<Vec<Member>>, ConfirmStop> {
    let mut recipients = Vec::new();
    for c in &chosen {
        let Ok(key) = &c.key else { continue };
        let public: PublicKey = key.public_key.parse().map_err(|_| {
            ConfirmStop::Message(format!("{}'s public key is not in a format this browser can use.", c.member.email))
        })?;
        // security: checked again right before wrapping, so nothing but a matching key gets the org key.
        if public.fingerprint().to_string() != key.fingerprint.trim() {
            return Err(ConfirmStop::Message(format!(
                "The fingerprint shown for {} does not belong to their key. Nothing was confirmed.",
                c.member.email
            )));
        }
        recipients.push((c.member.id.clone(), public));
    }
    let sealed = org_key::with_organization_key(session, &org, |org_key| {
        recipients
            .iter()
            .map(|(id, public)| {
                WrappedKey::seal(public, org_key, context::ORGANIZATION_KEY)
                    .map(|w| MemberConfirmation { member_id: id.clone(), wrapped_org_key: w.to_string() })
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, String>>()
    })
    .await;
    let confirmations = match sealed {
        Ok(Some(Ok(c))) => c,
        Ok(Some(Err(reason))) => {
            return Err(ConfirmStop::Message(format!("The organization key could not be wrapped here: {reason}.")));
        }
        Ok(None) => return Ok(None),
        Err(why) => return Err(ConfirmStop::Message(format!("{why} Nothing was confirmed."))),
    };
    api::members::confirm(org.id, ConfirmMembers { confirmations }).await.map(Some).map_err(ConfirmStop::Call)
}

/// A change that asks first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Revoke a member's access.
    Revoke,
    /// Remove a member.
    Remove,
    /// Leave the organization.
    Leave,
}

/// "Revoke …?", "Remove …?", "Leave …?": the consequences, an error in place, and the button.
#[component]
pub fn AskMemberDialog(
    /// Which change.
    ask: Ask,
    /// Whom it is about.
    member: Member,
    /// The organization's name.
    organization_name: String,
    /// Whether the change is under way.
    #[prop(into)]
    busy: Signal<bool>,
    /// The last attempt's error.
    #[prop(into)]
    error: Signal<Option<ClientError>>,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Does the change.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let name = member_name(&member);
    let org = organization_name;
    let (title, button, busy_label, points): (String, &'static str, &'static str, Vec<(String, String)>) = match ask {
        Ask::Revoke => (
            format!("Revoke {name}'s access?"),
            "Revoke access",
            "Revoking…",
            vec![
                ("They lose access at once".into(), format!(" to {org} and its shared items; their seat is freed.")),
                (
                    "Nothing is deleted.".into(),
                    " They keep their place in groups and collections, so restoring them gives it back.".into(),
                ),
            ],
        ),
        Ask::Remove => (
            format!("Remove {name}?"),
            "Remove member",
            "Removing…",
            vec![
                ("They lose access at once".into(), format!(" to {org} and its shared items.")),
                (
                    "Their membership is deleted,".into(),
                    " with their places in groups and collections. Coming back needs a new invitation.".into(),
                ),
                ("The event log keeps".into(), " what they did.".into()),
            ],
        ),
        Ask::Leave => (
            format!("Leave {org}?"),
            "Leave organization",
            "Leaving…",
            vec![
                ("You lose access at once".into(), format!(" to {org} and the items it shares with you.")),
                ("To come back".into(), " you need a new invitation from an administrator.".into()),
            ],
        ),
    };
    let points =
        points.into_iter().map(|(strong, rest)| view! { <li><strong>{strong}</strong>{rest}</li> }).collect_view();
    view! {
        <Modal id="ask-member" title=title on_close=on_close busy=busy tone="modal-danger">
            <form
                class="form"
                novalidate
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    if !busy.get_untracked() {
                        on_confirm.run(());
                    }
                }
            >
                <ul class="consequences">{points}</ul>
                {move || error.get().map(|e| view! { <MemberError error=e /> })}
                <ModalActions on_cancel=on_close busy=busy>
                    <SubmitButton label=button busy_label=busy_label busy=busy class="btn btn-danger" />
                </ModalActions>
            </form>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nine_permissions_are_each_offered_once() {
        let mut all = CustomPermissions::default();
        for p in &PERMISSIONS {
            assert!(!(p.get)(&all), "{} listed twice", p.key);
            (p.set)(&mut all, true);
        }
        assert_eq!(all, CustomPermissions::ALL);
    }
}
