//! Organization policies.
