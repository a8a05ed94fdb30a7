// Categories of expenses, and guessing one from a description. A small keyword table shipped with
// the project (English, Hinglish in Latin letters, and a few Hindi words in Devanagari), read by a
// scorer that forgives plurals, letter case and one typo in a longer word. Pure: the guess is stored
// with the expense (and can be changed by hand); /summary adds amounts up by it.

export const CATEGORY_KEYS = [
  'rent',
  'electricity',
  'water',
  'gas',
  'internet',
  'phone',
  'groceries',
  'delivery',
  'eating_out',
  'household',
  'help',
  'repairs',
  'travel',
  'fuel',
  'shopping',
  'entertainment',
  'health',
  'other',
] as const;

export type Category = (typeof CATEGORY_KEYS)[number];

/** How a category reads in the bot's messages and on its button. */
export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  rent: '🏠 Rent',
  electricity: '💡 Electricity',
  water: '🚰 Water',
  gas: '🔥 Gas',
  internet: '🌐 Internet',
  phone: '📱 Phone',
  groceries: '🛒 Groceries',
  delivery: '🛵 Food delivery',
  eating_out: '🍽 Eating out',
  household: '🧴 Household',
  help: '🧹 Maid, cook & help',
  repairs: '🔧 Repairs',
  travel: '🚕 Travel',
  fuel: '⛽ Fuel',
  shopping: '🛍 Shopping',
  entertainment: '🎬 Entertainment',
  health: '💊 Health',
  other: '📦 Other',
};

/**
 * Keywords per category. A word counts 2, a phrase (several words) 3, a word that can mean only this
 * category 3 (written with a leading `!`), and a food delivery app 4 (`+`: "swiggy dinner" is a
 * delivery). Words are written singular and lower-case.
 */
const KEYWORDS: Readonly<Record<Exclude<Category, 'other'>, readonly string[]>> = {
  rent: [
    '!rent',
    '!kiraya',
    '!kiraaya',
    '!bhada',
    '!bhaada',
    'deposit',
    '!landlord',
    'house owner',
    'owner',
    'pg',
    'room',
    'flat',
    'brokerage',
    'broker',
    'lease',
    'advance',
    '!किराया',
  ],
  electricity: [
    '!electricity',
    '!bijli',
    '!bijlee',
    '!light bill',
    'electric',
    '!bescom',
    '!msedcl',
    '!tata power',
    '!adani electricity',
    '!bses',
    '!tneb',
    '!cesc',
    'power bill',
    'current bill',
    'eb bill',
    'eb',
    'kwh',
    'meter recharge',
    'prepaid meter',
    'inverter',
    '!बिजली',
  ],
  water: [
    '!water',
    '!paani',
    '!pani',
    '!bisleri',
    '!tanker',
    '!water can',
    '!jar',
    '!bwssb',
    'aquaguard',
    'ro service',
    '!पानी',
  ],
  gas: [
    '!gas',
    '!cylinder',
    '!lpg',
    '!indane',
    '!hp gas',
    '!bharat gas',
    '!png',
    '!igl',
    '!mgl',
    '!cooking gas',
    '!gas cylinder',
    'refill',
    '!सिलेंडर',
  ],
  internet: [
    '!internet',
    '!wifi',
    '!wi fi',
    '!broadband',
    '!airtel fiber',
    '!airtel fibre',
    '!jiofiber',
    '!jio fiber',
    '!act fibernet',
    'act',
    '!hathway',
    '!excitel',
    'fiber',
    'fibre',
    'router',
    '!net bill',
    'data pack',
  ],
  phone: [
    '!phone',
    '!mobile',
    'recharge',
    '!postpaid',
    '!prepaid',
    '!sim',
    'airtel',
    '!jio',
    '!vodafone',
    '!vi',
    '!bsnl',
    'talktime',
    '!landline',
  ],
  groceries: [
    '!grocery',
    '!groceries',
    '!sabzi',
    '!sabji',
    '!subzi',
    '!sabzee',
    '!doodh',
    '!dudh',
    '!milk',
    '!kirana',
    '!ration',
    '!atta',
    '!aata',
    '!chawal',
    '!rice',
    '!dal',
    '!daal',
    '!tel',
    'oil',
    '!masala',
    '!vegetable',
    '!veggie',
    '!veggies',
    '!fruit',
    '!phal',
    '!anda',
    '!egg',
    '!bread',
    '!butter',
    '!paneer',
    '!dahi',
    '!curd',
    '!sugar',
    '!cheeni',
    '!namak',
    '!onion',
    '!pyaz',
    '!pyaaz',
    '!aloo',
    '!tamatar',
    '!tomato',
    '!potato',
    '!chai patti',
    '!tea leaves',
    '!coffee powder',
    '!bigbasket',
    '!big basket',
    '!blinkit',
    '!zepto',
    '!instamart',
    '!dmart',
    '!d mart',
    '!jiomart',
    '!more supermarket',
    '!reliance fresh',
    '!nature basket',
    '!supermarket',
    '!mandi',
    '!milkman',
    '!doodhwala',
    '!dudhwala',
    '!chicken',
    '!mutton',
    '!fish',
    '!maggi',
    '!biscuit',
    '!snack',
    '!namkeen',
    '!दूध',
    '!सब्ज़ी',
    '!सब्जी',
    '!राशन',
  ],
  delivery: [
    '+swiggy',
    '+zomato',
    '+eatsure',
    '!dunzo',
    '!food delivery',
    '!ordered food',
    '!order food',
    '!online order',
    '!domino',
    '!dominos',
    'delivery',
    'ordered',
    'order',
    'takeaway',
    'parcel',
  ],
  eating_out: [
    '!dinner',
    '!lunch',
    '!breakfast',
    '!brunch',
    '!restaurant',
    '!restro',
    '!cafe',
    '!dhaba',
    '!chai',
    '!coffee',
    '!starbucks',
    '!ccd',
    '!mcd',
    '!mcdonald',
    '!kfc',
    '!burger king',
    '!pizza',
    '!biryani',
    '!momos',
    '!momo',
    '!samosa',
    '!chaat',
    '!pani puri',
    '!golgappe',
    '!golgappa',
    '!vada pav',
    '!dosa',
    '!idli',
    '!thali',
    '!khana',
    '!nashta',
    '!treat',
    '!party',
    '!bar',
    '!pub',
    '!beer',
    '!drinks',
    '!daaru',
    '!daru',
    '!sharab',
    'ice cream',
    'snacks',
    'food',
    'eating out',
    'meal',
    'juice',
    'canteen',
    'mess',
    'tiffin',
  ],
  household: [
    '!household',
    '!cleaning',
    '!detergent',
    '!surf',
    '!vim',
    '!harpic',
    '!lizol',
    '!phenyl',
    '!soap',
    '!shampoo',
    '!toothpaste',
    '!toilet paper',
    '!tissue',
    '!broom',
    '!jhadu',
    '!jhaadu',
    '!pocha',
    '!mop',
    '!bucket',
    '!dustbin',
    '!garbage bag',
    '!bulb',
    '!curtain',
    '!bedsheet',
    '!pillow',
    '!utensil',
    '!bartan',
    '!kitchen',
    '!mosquito',
    '!good knight',
    '!all out',
    'hit',
    '!room freshener',
    '!supplies',
    '!furniture',
    '!mattress',
    'society maintenance',
    '!maintenance',
    'garbage',
    '!kachra',
    '!kooda',
  ],
  help: [
    '!maid',
    '!cook',
    '!kaamwali',
    '!kamwali',
    '!kaam wali',
    '!bai',
    '!didi',
    '!aunty',
    '!maharaj',
    '!khanawali',
    '!khana wali',
    '!cleaner',
    '!dhobi',
    '!laundry',
    '!istri',
    '!press wala',
    '!presswala',
    '!ironing',
    '!driver',
    '!watchman',
    '!guard',
    '!salary',
    '!tankha',
    '!tankhwah',
    '!pagar',
    'help',
    'servant',
    'car wash',
  ],
  repairs: [
    '!repair',
    '!plumber',
    '!electrician',
    '!carpenter',
    '!mistri',
    '!painter',
    '!urban company',
    '!urbanclap',
    '!servicing',
    '!ac service',
    '!pest control',
    '!fix',
    '!fixing',
    '!leak',
    '!tap',
    '!geyser',
    '!mechanic',
    '!theek',
  ],
  travel: [
    '!uber',
    '!ola',
    '!rapido',
    '!auto',
    '!rickshaw',
    '!cab',
    '!taxi',
    '!metro',
    '!bus',
    '!train',
    '!irctc',
    '!flight',
    '!indigo',
    '!ticket',
    '!tickets',
    '!travel',
    '!trip',
    '!toll',
    '!parking',
    '!fastag',
    '!hotel',
    '!airbnb',
    '!oyo',
    '!goa',
    '!manali',
    '!airport',
    '!yatra',
    '!safar',
    'transport',
    'ride',
  ],
  fuel: [
    '!petrol',
    '!diesel',
    '!fuel',
    '!cng',
    '!pump',
    '!petrol pump',
    '!indian oil',
    '!hp petrol',
    '!tel bharwaya',
  ],
  shopping: [
    '!amazon',
    '!flipkart',
    '!myntra',
    '!meesho',
    '!ajio',
    '!nykaa',
    '!shopping',
    '!clothes',
    '!kapde',
    '!kapda',
    '!shoes',
    '!joote',
    '!sale',
    '!gift',
    '!tohfa',
    '!decathlon',
    '!ikea',
    'mall',
  ],
  entertainment: [
    '!movie',
    '!movies',
    '!film',
    '!picture',
    '!cinema',
    '!pvr',
    '!inox',
    '!bookmyshow',
    '!netflix',
    '!prime',
    '!hotstar',
    '!jiocinema',
    '!spotify',
    '!youtube premium',
    '!subscription',
    '!ott',
    '!concert',
    '!game',
    '!games',
    '!bowling',
    '!cricket',
    '!turf',
    '!playstation',
    '!ps5',
    '!birthday',
    '!cake',
    '!outing',
    '!picnic',
    '!diwali',
    '!holi',
    '!pooja',
    '!puja',
    '!festival',
  ],
  health: [
    '!medicine',
    '!medicines',
    '!dawai',
    '!dawa',
    '!davai',
    '!pharmacy',
    '!chemist',
    '!medical',
    '!doctor',
    '!hospital',
    '!clinic',
    '!lab test',
    '!blood test',
    '!lab',
    '!apollo',
    '!pharmeasy',
    '!1mg',
    '!netmeds',
    '!gym',
    '!yoga',
    '!dentist',
    '!checkup',
    '!tablet',
    '!first aid',
    '!dettol',
    '!sanitizer',
    '!mask',
    '!दवाई',
  ],
};

interface Keyword {
  category: Exclude<Category, 'other'>;
  words: string[];
  weight: number;
}

const TABLE: readonly Keyword[] = Object.entries(KEYWORDS).flatMap(([category, list]) =>
  list.map((entry) => {
    const mark = entry[0] === '!' || entry[0] === '+' ? entry[0] : '';
    const words = wordsOf(entry.slice(mark.length));
    return {
      category: category as Keyword['category'],
      words,
      weight: mark === '+' ? 4 : words.length > 1 || mark === '!' ? 3 : 2,
    };
  }),
);

/** Single-word keywords by their (singular) form, for exact lookups. */
const SINGLE = new Map<string, Keyword[]>();
for (const keyword of TABLE) {
  if (keyword.words.length !== 1) continue;
  const word = keyword.words[0] as string;
  SINGLE.set(word, [...(SINGLE.get(word) ?? []), keyword]);
}
const PHRASES = TABLE.filter((k) => k.words.length > 1);

function wordsOf(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      // Apostrophes join (domino's, mcdonald's), everything else that is not a letter or digit splits.
      .replace(/['’]/g, '')
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? []
  );
}

/** The forms a typed word may take in the table: itself, and its singular. */
function forms(word: string): string[] {
  const out = [word];
  if (word.length > 4 && word.endsWith('ies')) out.push(`${word.slice(0, -3)}y`);
  if (word.length > 3 && word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.length > 3 && word.endsWith('s')) out.push(word.slice(0, -1));
  return out;
}

/** Damerau–Levenshtein distance (adjacent swaps count one), stopping early beyond `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    let best = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const above = rows[i - 1] as number[];
      let value = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = value;
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** Typos forgiven: none in short words (too many near-misses), one from 5 letters, two from 9. */
function typosAllowed(length: number): number {
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}

/** The single-word keywords a typed word may be: exactly (a form of it), else within its typos. */
function lookup(word: string): { keywords: Keyword[]; exact: boolean } {
  for (const form of forms(word)) {
    const hit = SINGLE.get(form);
    if (hit) return { keywords: hit, exact: true };
  }
  const allowed = typosAllowed(word.length);
  if (allowed === 0 || /\d/.test(word)) return { keywords: [], exact: false };
  const found: Keyword[] = [];
  let closest = allowed + 1;
  for (const [key, keywords] of SINGLE) {
    // A typo rarely hits the first letter, and the rule keeps unrelated words apart.
    if (key[0] !== word[0] || key.length < 4) continue;
    const d = Math.min(
      ...forms(word).map((form) => distance(form, key, Math.min(allowed, typosAllowed(key.length)))),
    );
    if (d > allowed || d > typosAllowed(key.length)) continue;
    if (d < closest) {
      closest = d;
      found.length = 0;
    }
    if (d === closest) found.push(...keywords);
  }
  return { keywords: found, exact: false };
}

/**
 * The category a description most likely belongs to: each keyword found adds its weight (a typo'd
 * word a little less), the highest total wins, a tie goes to the keyword found first. `other` when
 * nothing matches.
 */
export function guessCategory(description: string): Category {
  const words = wordsOf(description);
  if (words.length === 0) return 'other';
  const scores = new Map<Category, { score: number; first: number }>();
  const add = (category: Category, weight: number, at: number) => {
    const current = scores.get(category);
    scores.set(category, {
      score: (current?.score ?? 0) + weight,
      first: Math.min(current?.first ?? at, at),
    });
  };
  const joined = ` ${words.join(' ')} `;
  for (const phrase of PHRASES) {
    const at = joined.indexOf(` ${phrase.words.join(' ')} `);
    if (at >= 0) add(phrase.category, phrase.weight, at);
  }
  let offset = 1;
  for (const word of words) {
    const { keywords, exact } = lookup(word);
    for (const keyword of new Set(keywords))
      add(keyword.category, exact ? keyword.weight : keyword.weight - 0.5, offset);
    offset += word.length + 1;
  }
  let best: Category = 'other';
  let top = { score: 0, first: Number.POSITIVE_INFINITY };
  for (const [category, value] of scores) {
    if (value.score > top.score || (value.score === top.score && value.first < top.first)) {
      best = category;
      top = value;
    }
  }
  return best;
}

/**
 * A category as a person types it (`/category 12 groceries`): its key, its label without the emoji,
 * or a word the table knows for exactly one category (`wifi`, `sabzi`). Null when none fits.
 */
export function readCategory(text: string): Category | null {
  const typed = wordsOf(text).join(' ');
  if (typed === '') return null;
  for (const key of CATEGORY_KEYS) {
    const label = wordsOf(CATEGORY_LABELS[key]).join(' ');
    if (typed === key.replace('_', ' ') || typed === key || typed === label) return key;
  }
  const aliases: Record<string, Category> = {
    food: 'eating_out',
    restaurant: 'eating_out',
    maid: 'help',
    cook: 'help',
    transport: 'travel',
    medical: 'health',
    fun: 'entertainment',
    misc: 'other',
  };
  if (aliases[typed]) return aliases[typed] as Category;
  const guessed = guessCategory(text);
  return guessed === 'other' ? null : guessed;
}
