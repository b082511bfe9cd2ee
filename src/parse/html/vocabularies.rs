//! The class-word vocabularies that `vocab::hits` asks of every distinct class list of a page,
//! as patterns over the normalised words (`" image caption "`), in the regex crate's syntax.
//!
//! The library compiles the ones it also asks alone (`vocab::is_credit`…); `build.rs` includes
//! this file too and determinises [`HITS`] into one DFA that ships in the binary, so that no
//! run compiles the set or determinises it page by page.

/// Caption words; a slide's own description or info block (`CarouselSlide-infoDescription`,
/// `slide-info`, `gallery-item-desc`) is the caption of the slide's photo.
pub(crate) const CAPTION_PATTERN: &str = r"caption|cutline|\b(?:legend|(?:image|img|photo|pic|picture|media|figure)\s?(?:text|desc\w*|info|subtitle|sub)|(?:slides?|slideshow|carousel|gallery)\s(?:\w+\s){0,2}(?:desc\w*|info))\b";

/// Credit words: the element holds the photo's credit or its author.
pub(crate) const CREDIT_PATTERN: &str = r"\b(?:credits?|copyright|byline|photographer|photo\s?by|courtesy|attribution|source|author|rights|agency)\b";

/// Furniture words: regions that are not the story (related lists, sidebars, ads, footers).
pub(crate) const OUTSIDE_PATTERN: &str = concat!(
    r"\b(?:related\w*|recommend\w*|recirc\w*|teasers?|more\s(?:stories|news|from|articles|on|like\sthis|to\sexplore|videos?)",
    r"|read\s(?:more|next)|also\s(?:read|see)|see\salso|most\s?(?:read|popular|viewed|shared|watched|commented|emailed)",
    r"|popular|trending|top\s?stories|latest\s(?:news|stories|headlines|articles)|you\smay\s(?:like|also)|other\sstories",
    r"|sidebar|side\sbar|rail|aside|newsletters?|subscri\w*|sign\s?up|signup",
    r"|share\s(?:bar|buttons?|tools|links|icons?|menu|box|container|wrapper|this)|sharing|sharebar|social|comments?|commenting|disqus|bio|author\s(?:bio|info|box|card|profile|details)",
    r"|about\s(?:the\s)?author|outbrain|taboola|ad|ads|advert\w*|sponsor\w*|dfp|gpt|nav|navbar|navigation|menu|breadcrumbs?",
    r"|footer|masthead|cookie\w*|paywall\s(?:prompt|message|promo|banner|offer|modal|overlay)|tag\slist|tags|player|video\splayer|jwplayer|playlist|vjs",
    r"|next\sarticle|prev\w*\sarticle|feed|headlines|newsfeed|live\sblog\sfeed|infinite|river",
    r")\b"
);

/// Text only screen readers see.
pub(crate) const SR_ONLY_PATTERN: &str = r"\b(?:sr\sonly|visually\s?hidden|screen\s?reader\w*|offscreen|off\sscreen|assistive\w*|a11y\w*|element\sinvisible|hidden\stext|u\shidden|hide\stext|vh)\b";

/// A shortened copy of a text the page also holds in full.
pub(crate) const ABRIDGED_PATTERN: &str =
    r"\b(?:truncat\w*|abridged|collapsed|clamp(?:ed)?|line\sclamp|excerpt|teaser\stext)\b";

/// The site's own header bar.
pub(crate) const SITE_HEADER_PATTERN: &str =
    r"\b(?:site|page|global|main|top)\s?(?:header|head|bar)\b";

/// `adv`: an advertisement, unless it prefixes media words (`adv-photo`, `adv-video`), where it
/// is a component namespace; an advert is never named after the photo it would be.
pub(crate) const ADV_PATTERN: &str = r"\badv\b";

/// `adv` as the namespace of media components (`adv-photo`), not an advertisement.
pub(crate) const ADV_MEDIA_PATTERN: &str =
    r"\badv\s(?:photo|image|img|video|picture|pic|media|gallery)";

/// The vocabularies [`vocab::hits`](super::vocab::hits) reads, in the order it reads them; each
/// is matched with Unicode off (`(?-u)`), since class words are ASCII.
pub(crate) const HITS: [&str; 8] = [
    CAPTION_PATTERN,
    CREDIT_PATTERN,
    OUTSIDE_PATTERN,
    ADV_PATTERN,
    ADV_MEDIA_PATTERN,
    SR_ONLY_PATTERN,
    ABRIDGED_PATTERN,
    SITE_HEADER_PATTERN,
];
