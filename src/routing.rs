//! Pages addressed by the URL hash (`#/train`), so the app works from any static host.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Overview,
    Train,
    Analytics,
    Predict,
    Batch,
}

impl Page {
    pub const ALL: [Page; 5] = [Page::Overview, Page::Train, Page::Analytics, Page::Predict, Page::Batch];

    /// The name in the URL and in `data-testid="nav-<slug>"`.
    pub fn slug(self) -> &'static str {
        match self {
            Page::Overview => "overview",
            Page::Train => "train",
            Page::Analytics => "analytics",
            Page::Predict => "predict",
            Page::Batch => "batch",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Page::Overview => "Overview",
            Page::Train => "Train",
            Page::Analytics => "Analytics",
            Page::Predict => "Predict",
            Page::Batch => "Batch",
        }
    }

    pub fn href(self) -> String {
        format!("#/{}", self.slug())
    }

    /// The page a location hash names; anything unknown shows the Overview.
    pub fn from_hash(hash: &str) -> Page {
        let slug = hash.trim_start_matches('#').trim_start_matches('/');
        Page::ALL.into_iter().find(|p| p.slug() == slug).unwrap_or(Page::Overview)
    }
}

/// The current page, following `hashchange`; the listener is removed with the owner.
pub fn use_page() -> ReadSignal<Page> {
    let current_hash = || window().location().hash().unwrap_or_default();
    let (page, set_page) = signal(Page::from_hash(&current_hash()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| set_page.set(Page::from_hash(&current_hash())));
    on_cleanup(move || handle.remove());
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_map_to_pages() {
        assert_eq!(Page::from_hash("#/train"), Page::Train);
        assert_eq!(Page::from_hash(""), Page::Overview);
        assert_eq!(Page::from_hash("#/nonsense"), Page::Overview);
        for p in Page::ALL {
            assert_eq!(Page::from_hash(&p.href()), p);
        }
    }
}
