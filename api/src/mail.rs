//! Outgoing mail: real SMTP when the operator configures it (`PORTAL_SMTP_URL`), otherwise the
//! message and its link are written to the log so a local installation still works.

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};

/// One message.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The recipient's address.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
    /// The action link in the body, logged when no SMTP is configured.
    pub link: Option<String>,
}

/// How mail leaves the server.
#[derive(Clone)]
pub enum Mailer {
    /// No SMTP: log it.
    Log,
    /// An SMTP relay.
    Smtp {
        /// The transport.
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The sender.
        from: Mailbox,
    },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Log => f.write_str("Mailer::Log"),
            Mailer::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
        }
    }
}

impl Mailer {
    /// An SMTP mailer from a URL like `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host:465` or `smtp://127.0.0.1:2525` (no TLS, for a local relay).
    pub fn smtp(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("invalid SMTP URL: {e}"))?
            .build();
        let from: Mailbox = from.parse().map_err(|e| anyhow::anyhow!("invalid sender address `{from}`: {e}"))?;
        Ok(Mailer::Smtp { transport, from })
    }

    /// Whether mail only goes to the log (no relay configured): then admins are shown the
    /// invitation links they create, to hand over themselves.
    pub fn is_log(&self) -> bool {
        matches!(self, Mailer::Log)
    }

    /// Sends `mail`; failures are logged, not returned: the change that caused the mail is
    /// already committed, and admins can see and resend invitations from the portal.
    pub async fn send(&self, mail: Mail) {
        match self {
            Mailer::Log => {
                tracing::info!(to = %mail.to, subject = %mail.subject, link = mail.link.as_deref().unwrap_or(""),
                    "mail not sent (no SMTP configured)");
            }
            Mailer::Smtp { transport, from } => {
                let message = mail.to.parse::<Mailbox>().map_err(|e| e.to_string()).and_then(|to| {
                    Message::builder()
                        .from(from.clone())
                        .to(to)
                        .subject(&mail.subject)
                        .header(ContentType::TEXT_PLAIN)
                        .body(mail.body.clone())
                        .map_err(|e| e.to_string())
                });
                match message {
                    Ok(message) => match transport.send(message).await {
                        Ok(_) => tracing::info!(to = %mail.to, subject = %mail.subject, "mail sent"),
                        Err(e) => tracing::warn!(to = %mail.to, error = %e, "mail could not be sent"),
                    },
                    Err(e) => tracing::warn!(to = %mail.to, error = %e, "mail could not be built"),
                }
            }
        }
    }
}
