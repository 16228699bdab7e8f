// The store catalogue: what the content metadata lookup knows about each
// adamId. /assets never carries names (Apple keeps them in the store), so the
// simulator keeps them here, shared by every location.
import type { Rng } from './prng';
import type { Platform, ProductType } from './types';

export interface CatalogEntry {
  adamId: string;
  name: string;
  artistName: string;
  productType: ProductType;
  platforms: Platform[];
  bundleId?: string;
  genre: string;
}

type DemoApp = [adamId: string, name: string, artist: string, platforms: Platform[], genre: string];

// Recognisable titles for the demo; ids look like store ids but nothing here
// reaches the real store.
const DEMO_APPS: DemoApp[] = [
  ['361285480', 'Keynote', 'Apple', ['iOS', 'macOS'], 'Productivity'],
  ['361309726', 'Pages', 'Apple', ['iOS', 'macOS'], 'Productivity'],
  ['361304891', 'Numbers', 'Apple', ['iOS', 'macOS'], 'Productivity'],
  ['618783545', 'Slack', 'Slack Technologies, Inc.', ['iOS'], 'Business'],
  ['546505307', 'Zoom Workplace', 'Zoom Communications, Inc.', ['iOS'], 'Business'],
  ['586447913', 'Microsoft Word', 'Microsoft Corporation', ['iOS'], 'Productivity'],
  ['586683407', 'Microsoft Excel', 'Microsoft Corporation', ['iOS'], 'Productivity'],
  ['377298193', 'iMovie', 'Apple', ['iOS', 'macOS'], 'Photo & Video'],
  ['408709785', 'GarageBand', 'Apple', ['iOS', 'macOS'], 'Music'],
  ['586449534', 'Microsoft PowerPoint', 'Microsoft Corporation', ['iOS'], 'Productivity'],
  ['1113153706', 'Microsoft Teams', 'Microsoft Corporation', ['iOS'], 'Business'],
  ['924620788', 'Google Classroom', 'Google LLC', ['iOS'], 'Education'],
  ['507874739', 'Google Drive', 'Google LLC', ['iOS'], 'Productivity'],
  ['360593530', 'Notability', 'Ginger Labs', ['iOS', 'macOS'], 'Productivity'],
  ['469863705', 'Khan Academy', 'Khan Academy', ['iOS'], 'Education'],
  ['570060128', 'Duolingo', 'Duolingo', ['iOS', 'watchOS'], 'Education'],
  ['908519492', 'Swift Playgrounds', 'Apple', ['iOS', 'macOS'], 'Education'],
  ['1212699939', 'Clips', 'Apple', ['iOS'], 'Photo & Video'],
  ['897446215', 'Canva', 'Canva', ['iOS'], 'Graphics & Design'],
  ['442378070', 'Book Creator for iPad', 'Tools for Schools Limited', ['iOS'], 'Education'],
  ['930565184', 'Seesaw', 'Seesaw Learning, Inc.', ['iOS'], 'Education'],
  ['1131203560', 'Kahoot! Play & Create Quizzes', 'Kahoot! AS', ['iOS'], 'Education'],
  ['546473125', 'Quizlet', 'Quizlet Inc', ['iOS'], 'Education'],
  ['951937596', 'Microsoft Outlook', 'Microsoft Corporation', ['iOS', 'watchOS'], 'Productivity'],
  ['410395246', 'Microsoft OneNote', 'Microsoft Corporation', ['iOS'], 'Productivity'],
  ['469337564', 'Adobe Acrobat Reader', 'Adobe Inc.', ['iOS'], 'Productivity'],
  ['327630330', 'Dropbox', 'Dropbox, Inc.', ['iOS'], 'Productivity'],
  ['983156458', 'Microsoft Authenticator', 'Microsoft Corporation', ['iOS', 'watchOS'], 'Business'],
  ['298844386', 'Webex Meetings', 'Cisco', ['iOS'], 'Business'],
  ['461504587', 'Trello', 'Atlassian', ['iOS'], 'Productivity'],
  ['1232780281', 'Notion', 'Notion Labs, Incorporated', ['iOS', 'macOS'], 'Productivity'],
  ['425073498', 'Procreate', 'Savage Interactive Pty Ltd', ['iOS'], 'Graphics & Design'],
  ['424389933', 'Final Cut Pro', 'Apple', ['macOS'], 'Video'],
  ['634148309', 'Logic Pro', 'Apple', ['macOS'], 'Music'],
  ['497799835', 'Xcode', 'Apple', ['macOS'], 'Developer Tools'],
  ['1037126344', 'Apple Configurator', 'Apple', ['macOS'], 'Utilities'],
  ['1289583905', 'Pixelmator Pro', 'Pixelmator Team', ['macOS'], 'Graphics & Design'],
];

const DEMO_BOOKS: Array<[adamId: string, name: string, artist: string]> = [
  ['881256329', 'The Swift Programming Language', 'Apple Inc.'],
  ['395536249', "Alice's Adventures in Wonderland", 'Lewis Carroll'],
  ['395683989', 'Pride and Prejudice', 'Jane Austen'],
  ['395533960', 'Frankenstein', 'Mary Shelley'],
  ['395690690', 'The Adventures of Sherlock Holmes', 'Arthur Conan Doyle'],
  ['1118575552', 'Everyone Can Code', 'Apple Education'],
];

const ADJECTIVES = [
  'Bright',
  'Quick',
  'Clever',
  'Calm',
  'Bold',
  'Happy',
  'Smart',
  'Green',
  'Blue',
  'Swift',
  'Tiny',
  'Grand',
  'Open',
  'Pocket',
  'Daily',
  'Super',
];
const NOUNS = [
  'Notes',
  'Math',
  'Reader',
  'Planner',
  'Lab',
  'Atlas',
  'Studio',
  'Words',
  'Sketch',
  'Tutor',
  'Quiz',
  'Scanner',
  'Cards',
  'Chat',
  'Maps',
  'Timer',
];
const BOOK_WORDS = ['Field Guide', 'Primer', 'Handbook', 'Anthology', 'Workbook', 'Companion'];
const TOPICS = ['Algebra', 'Biology', 'Chemistry', 'World History', 'Poetry', 'Geometry', 'Physics', 'Spanish'];
const GENRES = ['Education', 'Productivity', 'Business', 'Utilities', 'Reference'];

/** Which product positions are books: a few (about 1 in 12). */
export function isBookSlot(index: number): boolean {
  return index % 12 === 7;
}

function syntheticPlatforms(rng: Rng): Platform[] {
  const r = rng.next();
  if (r < 0.65) return ['iOS'];
  if (r < 0.8) return ['iOS', 'macOS'];
  if (r < 0.88) return ['macOS'];
  if (r < 0.94) return ['iOS', 'watchOS'];
  return ['iOS', 'tvOS'];
}

/**
 * Builds `count` products. Ids are unique across the whole catalogue (`taken`)
 * so two locations may share titles but never disagree about one.
 */
export function buildProducts(
  count: number,
  demo: boolean,
  rng: Rng,
  taken: Map<string, CatalogEntry>,
): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  let demoApp = 0;
  let demoBook = 0;
  const freshId = (): string => {
    for (;;) {
      const id = String(rng.int(300_000_000, 1_999_999_999));
      if (!taken.has(id)) return id;
    }
  };
  for (let i = 0; i < count; i++) {
    const book = isBookSlot(i);
    let entry: CatalogEntry | undefined;
    if (demo && book && demoBook < DEMO_BOOKS.length) {
      const [adamId, name, artist] = DEMO_BOOKS[demoBook++] as [string, string, string];
      entry = { adamId, name, artistName: artist, productType: 'Book', platforms: ['iOS', 'macOS'], genre: 'Books' };
    } else if (demo && !book && demoApp < DEMO_APPS.length) {
      const [adamId, name, artist, platforms, genre] = DEMO_APPS[demoApp++] as DemoApp;
      entry = {
        adamId,
        name,
        artistName: artist,
        productType: 'App',
        platforms,
        genre,
        bundleId: bundleIdFor(artist, name),
      };
    }
    if (entry === undefined || taken.has(entry.adamId)) {
      const adamId = freshId();
      if (book) {
        const name = `${rng.pick(TOPICS)} ${rng.pick(BOOK_WORDS)} ${(i % 9) + 1}`;
        entry = {
          adamId,
          name,
          artistName: 'Simulated Press',
          productType: 'Book',
          platforms: ['iOS', 'macOS'],
          genre: 'Books',
        };
      } else {
        const name = `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}${i >= 256 ? ` ${i}` : ''}`;
        entry = {
          adamId,
          name,
          artistName: 'Simulated Software Ltd.',
          productType: 'App',
          platforms: syntheticPlatforms(rng),
          genre: rng.pick(GENRES),
          bundleId: bundleIdFor('Simulated Software', `${name}${adamId}`),
        };
      }
    }
    taken.set(entry.adamId, entry);
    out.push(entry);
  }
  return out;
}

export function bundleIdFor(artist: string, name: string): string {
  const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '');
  return `com.${slug(artist.split(/[ ,]/)[0] ?? 'app') || 'app'}.${slug(name) || 'app'}`;
}

// People for demo users: ana.garcia@example.edu style.
export const FIRST_NAMES = [
  'ana',
  'ben',
  'chloe',
  'daniel',
  'emma',
  'farah',
  'gabriel',
  'hana',
  'ivan',
  'julia',
  'kenji',
  'lucia',
  'mateo',
  'nora',
  'omar',
  'priya',
  'quinn',
  'rosa',
  'samuel',
  'tariq',
  'uma',
  'victor',
  'wei',
  'ximena',
  'yusuf',
  'zoe',
  'amara',
  'bruno',
  'carmen',
  'diego',
  'elif',
  'felix',
  'grace',
  'hugo',
  'isla',
  'jonas',
  'kai',
  'leila',
  'marco',
  'nadia',
  'oscar',
  'paula',
  'ravi',
  'sofia',
  'theo',
  'valentina',
  'william',
  'yara',
  'aiden',
  'beatriz',
  'chen',
  'dmitri',
  'eva',
];
export const LAST_NAMES = [
  'garcia',
  'smith',
  'nguyen',
  'kim',
  'mueller',
  'rossi',
  'silva',
  'tanaka',
  'okafor',
  'patel',
  'cohen',
  'dubois',
  'novak',
  'haddad',
  'johansson',
  'lopez',
  'martin',
  'wang',
  'fischer',
  'santos',
  'ali',
  'brown',
  'costa',
  'jensen',
  'kowalski',
  'moreau',
  'nakamura',
  'oliveira',
  'petrov',
  'quinn',
  'romero',
  'schmidt',
  'torres',
  'ueda',
  'vargas',
  'walker',
  'yilmaz',
  'zhang',
  'andersen',
  'bianchi',
  'castro',
  'diaz',
  'evans',
  'fernandez',
  'gomez',
  'hernandez',
  'ivanova',
  'jones',
  'khan',
];
