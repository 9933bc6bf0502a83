//! A real SMTP server on localhost that keeps what it receives, so tests send mail through the
//! same SMTP client code as production and then read the messages (and follow their links).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One received message.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// The first `http(s)://` link in the body, decoded from quoted-printable soft breaks.
    pub fn link(&self) -> Option<String> {
        let body = self.data.replace("=\r\n", "").replace("=3D", "=");
        let start = body.find("http://").or_else(|| body.find("https://"))?;
        Some(body[start..].split_whitespace().next()?.to_owned())
    }
}

/// A running sink.
#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    inbox: Arc<Mutex<Vec<Received>>>,
}

impl SmtpSink {
    /// Starts a sink on a free port (a thread per connection; it lives as long as the test).
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind smtp sink");
        let port = listener.local_addr().expect("addr").port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let sink = Self { port, inbox: inbox.clone() };
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let inbox = inbox.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &inbox);
                });
            }
        });
        sink
    }

    /// The URL for `Mailer::smtp`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Waits up to 10 s for a message to `to`.
    pub fn wait_for(&self, to: &str) -> Received {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(found) = self.inbox.lock().unwrap().iter().rev().find(|m| m.to.iter().any(|t| t.contains(to))) {
                return found.clone();
            }
            assert!(Instant::now() < deadline, "no mail to {to} arrived");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Everything received so far.
    pub fn all(&self) -> Vec<Received> {
        self.inbox.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, inbox: &Mutex<Vec<Received>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut out = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    out.write_all(b"220 sink.test ESMTP\r\n")?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            out.write_all(b"250-sink.test\r\n250 8BITMIME\r\n")?;
        } else if upper.starts_with("HELO") {
            out.write_all(b"250 sink.test\r\n")?;
        } else if upper.starts_with("MAIL FROM:") {
            from = line[10..].trim().to_owned();
            to.clear();
            out.write_all(b"250 OK\r\n")?;
        } else if upper.starts_with("RCPT TO:") {
            to.push(line[8..].trim().to_owned());
            out.write_all(b"250 OK\r\n")?;
        } else if upper.starts_with("DATA") {
            out.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")?;
            let mut data = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').filter(|_| line.starts_with("..")).unwrap_or(&line));
            }
            inbox.lock().unwrap().push(Received { from: from.clone(), to: to.clone(), data });
            out.write_all(b"250 OK queued\r\n")?;
        } else if upper.starts_with("QUIT") {
            out.write_all(b"221 Bye\r\n")?;
            return Ok(());
        } else if upper.starts_with("RSET") || upper.starts_with("NOOP") {
            out.write_all(b"250 OK\r\n")?;
        } else {
            out.write_all(b"502 Command not implemented\r\n")?;
        }
    }
}
