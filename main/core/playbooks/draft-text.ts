// The fixed wording of complaint drafts, in English and Hindi. Formal and factual, as the offices
// that receive them expect; the Hindi is written as Hindi, not word-for-word from the English, and
// avoids gendered verb forms so it fits every complainant.
import type { CounterpartyKind, DraftKind } from './schema';

export type DraftLanguage = 'en' | 'hi';

export interface ContactCounts {
  total: number;
  first: string | null;
  last: string | null;
  perDayPeak: number;
  outOfHours: number;
  thirdPartyContacts: number;
}

export interface DraftPhrases {
  placeholder: {
    name: string;
    address: string;
    phone: string;
    email: string;
    date: string;
    counterparty: string;
    description: string;
    policeStation: string;
    loanAccount: string;
  };
  kindName: Record<CounterpartyKind, string | null>;
  title: Record<DraftKind, (counterparty: string) => string>;
  recipient: Record<
    Exclude<DraftKind, 'cybercrime'>,
    (counterparty: string, policeStation: string) => string[]
  >;
  subject: Record<Exclude<DraftKind, 'cybercrime'>, (counterparty: string) => string>;
  from: string;
  phoneLabel: string;
  emailLabel: string;
  dateLabel: string;
  salutation: string;
  intro: (name: string, counterparty: string, kindName: string | null) => string;
  agents: (names: string) => string;
  descriptionHeading: string;
  contactsHeading: string;
  contacts: (counts: ContactCounts) => string[];
  identifiersHeading: string;
  numbers: (list: string) => string;
  handles: (list: string) => string;
  flagsHeading: string;
  sourceLabel: string;
  moreFacts: (count: number) => string;
  stepsHeading: string;
  priorComplaint: (counterparty: string) => string;
  loanAccount: (account: string) => string;
  requestsHeading: string;
  requests: Record<DraftKind, (counterparty: string) => string[]>;
  lenderWarning: string;
  evidenceHeading: string;
  evidenceNote: string;
  capturedLabel: string;
  noEvidence: string;
  declaration: string;
  closing: string;
  signature: string;
}

const EN: DraftPhrases = {
  placeholder: {
    name: '[Your name]',
    address: '[Your address]',
    phone: '[Your phone number]',
    email: '[Your email]',
    date: '[Date]',
    counterparty: '[Name of the lender, app or person]',
    description: '[Describe what happened]',
    policeStation: '[Police station]',
    loanAccount: '[Loan account number]',
  },
  kindName: {
    lender: 'a lender',
    'recovery-agent': 'a recovery agent',
    'loan-app': 'a loan app',
    person: 'a person',
    other: null,
  },
  title: {
    cybercrime: (cp) => `Cyber crime complaint: harassment by ${cp}`,
    police: (cp) => `Police complaint: harassment by ${cp}`,
    lender: (cp) => `Complaint to the Grievance Officer of ${cp}`,
    ombudsman: (cp) => `Complaint to the RBI Ombudsman about ${cp}`,
    ncw: (cp) => `Complaint to the National Commission for Women about harassment by ${cp}`,
  },
  recipient: {
    police: (_cp, station) => ['To', 'The Station House Officer', station],
    lender: (cp) => ['To', 'The Grievance Redressal Officer', cp],
    ombudsman: () => [
      'To',
      'The RBI Ombudsman',
      'Reserve Bank of India (filed through cms.rbi.org.in)',
    ],
    ncw: () => ['To', 'The National Commission for Women', 'New Delhi'],
  },
  subject: {
    police: (cp) =>
      `Subject: Complaint of harassment and threats by ${cp}, and request to register an FIR`,
    lender: () => 'Subject: Complaint about harassment by your recovery agents',
    ombudsman: (cp) => `Subject: Complaint against ${cp} about harassment during loan recovery`,
    ncw: (cp) => `Subject: Complaint of online harassment by ${cp}`,
  },
  from: 'From',
  phoneLabel: 'Phone',
  emailLabel: 'Email',
  dateLabel: 'Date',
  salutation: 'Sir or Madam,',
  intro: (name, cp, kind) =>
    `I, ${name}, make this complaint about harassment by ${cp}${kind ? ` (${kind})` : ''}.`,
  agents: (names) => `The people who contacted me on its behalf gave these names: ${names}.`,
  descriptionHeading: 'What happened, in my words:',
  contactsHeading: 'Calls and messages:',
  contacts: (c) => [
    c.first && c.last
      ? `Between ${c.first} and ${c.last}, I recorded ${c.total} calls and messages from them.`
      : `I recorded ${c.total} calls and messages from them.`,
    ...(c.perDayPeak > 0 ? [`The highest number in a single day was ${c.perDayPeak}.`] : []),
    ...(c.outOfHours > 0 ? [`${c.outOfHours} of them came before 8 am or after 7 pm.`] : []),
    ...(c.thirdPartyContacts > 0
      ? [`They also contacted my family, friends or colleagues ${c.thirdPartyContacts} times.`]
      : []),
  ],
  identifiersHeading: 'Numbers and accounts used:',
  numbers: (list) => `Phone numbers: ${list}.`,
  handles: (list) => `Accounts: ${list}.`,
  flagsHeading: 'Rules these acts go against:',
  sourceLabel: 'Source',
  moreFacts: (count) => `and ${count} more like these, listed in my records.`,
  stepsHeading: 'What I have done so far:',
  priorComplaint: (cp) =>
    `I first complained in writing to ${cp}. The details are under "What I have done so far".`,
  loanAccount: (account) => `Loan account or app: ${account}`,
  requestsHeading: 'I request:',
  requests: {
    cybercrime: () => [
      'that this complaint be investigated, and the people using the numbers and accounts above be identified;',
      'that action be taken against them under the law;',
      'that the harmful posts and messages be removed.',
    ],
    police: () => [
      'that an FIR be registered on this information under section 173 of the Bharatiya Nagarik Suraksha Sanhita, 2023;',
      'that I be given a copy of the FIR free of cost, as section 173(2) provides;',
      "that, if the offence happened outside this police station's area, a Zero FIR be registered and sent to the right police station;",
      'that the people responsible be identified and action be taken against them.',
    ],
    lender: () => [
      'that all harassment by your staff and recovery agents stop at once;',
      'that no one contacts my family, friends, referees or colleagues;',
      'that you tell me in writing the name and details of any recovery agency assigned to my loan;',
      'that you act against the agents involved;',
      'that you reply to me in writing within 30 days.',
    ],
    ombudsman: (cp) => [
      `that the Ombudsman direct ${cp} to stop the harassment by its staff and recovery agents;`,
      `that ${cp} be directed to act against the agents involved;`,
      'that compensation be awarded for the harassment and mental agony caused to me.',
    ],
    ncw: () => [
      'that the Commission take up my complaint with the police, so that it is registered and investigated;',
      'that the Commission help stop this harassment and get the harmful content removed.',
    ],
  },
  lenderWarning:
    'If I do not receive a satisfactory reply within 30 days, I will complain to the RBI Ombudsman.',
  evidenceHeading: 'Evidence attached (Annexure):',
  evidenceNote:
    "Each file's SHA-256 value was recorded when it was added to my records. Anyone can compute it again to check that the file has not changed.",
  capturedLabel: 'Date and time',
  noEvidence: 'No files are attached yet.',
  declaration: 'I state that the facts above are true to the best of my knowledge.',
  closing: 'Yours faithfully,',
  signature: '[Signature]',
};

const HI: DraftPhrases = {
  placeholder: {
    name: '[आपका नाम]',
    address: '[आपका पता]',
    phone: '[आपका फ़ोन नंबर]',
    email: '[आपका ईमेल]',
    date: '[दिनांक]',
    counterparty: '[लोन देने वाली संस्था, ऐप या व्यक्ति का नाम]',
    description: '[क्या हुआ, यहाँ लिखें]',
    policeStation: '[थाने का नाम]',
    loanAccount: '[लोन खाता नंबर]',
  },
  kindName: {
    lender: 'लोन देने वाली संस्था',
    'recovery-agent': 'रिकवरी एजेंट',
    'loan-app': 'लोन ऐप',
    person: 'व्यक्ति',
    other: null,
  },
  title: {
    cybercrime: (cp) => `साइबर अपराध शिकायत: ${cp} द्वारा उत्पीड़न`,
    police: (cp) => `पुलिस शिकायत: ${cp} द्वारा उत्पीड़न`,
    lender: (cp) => `${cp} के शिकायत अधिकारी को शिकायत`,
    ombudsman: (cp) => `${cp} के बारे में RBI लोकपाल को शिकायत`,
    ncw: (cp) => `${cp} द्वारा उत्पीड़न के बारे में राष्ट्रीय महिला आयोग को शिकायत`,
  },
  recipient: {
    police: (_cp, station) => ['सेवा में,', 'थाना प्रभारी महोदय/महोदया,', station],
    lender: (cp) => ['सेवा में,', 'शिकायत निवारण अधिकारी,', cp],
    ombudsman: () => ['सेवा में,', 'RBI लोकपाल,', 'भारतीय रिज़र्व बैंक (cms.rbi.org.in के माध्यम से)'],
    ncw: () => ['सेवा में,', 'राष्ट्रीय महिला आयोग,', 'नई दिल्ली'],
  },
  subject: {
    police: (cp) => `विषय: ${cp} द्वारा उत्पीड़न और धमकियों की शिकायत, तथा एफ़आईआर दर्ज करने का अनुरोध`,
    lender: () => 'विषय: आपके रिकवरी एजेंटों द्वारा उत्पीड़न की शिकायत',
    ombudsman: (cp) => `विषय: लोन वसूली के दौरान उत्पीड़न के बारे में ${cp} के विरुद्ध शिकायत`,
    ncw: (cp) => `विषय: ${cp} द्वारा ऑनलाइन उत्पीड़न की शिकायत`,
  },
  from: 'प्रेषक:',
  phoneLabel: 'फ़ोन',
  emailLabel: 'ईमेल',
  dateLabel: 'दिनांक',
  salutation: 'महोदय/महोदया,',
  intro: (name, cp, kind) =>
    `मेरा नाम ${name} है। मेरी यह शिकायत ${cp}${kind ? ` (${kind})` : ''} द्वारा किए जा रहे उत्पीड़न के बारे में है।`,
  agents: (names) => `जिन लोगों ने उसकी ओर से मुझसे संपर्क किया, उन्होंने अपने ये नाम बताए: ${names}।`,
  descriptionHeading: 'क्या हुआ, मेरे शब्दों में:',
  contactsHeading: 'कॉल और संदेश:',
  contacts: (c) => [
    c.first && c.last
      ? `${c.first} से ${c.last} तक उनकी ओर से आए ${c.total} कॉल और संदेश मैंने दर्ज किए।`
      : `उनकी ओर से आए ${c.total} कॉल और संदेश मैंने दर्ज किए।`,
    ...(c.perDayPeak > 0 ? [`एक दिन में सबसे ज़्यादा ${c.perDayPeak} कॉल और संदेश आए।`] : []),
    ...(c.outOfHours > 0 ? [`इनमें से ${c.outOfHours} सुबह 8 बजे से पहले या शाम 7 बजे के बाद आए।`] : []),
    ...(c.thirdPartyContacts > 0
      ? [`उन्होंने मेरे परिवार, दोस्तों या सहकर्मियों से भी ${c.thirdPartyContacts} बार संपर्क किया।`]
      : []),
  ],
  identifiersHeading: 'इस्तेमाल किए गए नंबर और अकाउंट:',
  numbers: (list) => `फ़ोन नंबर: ${list}।`,
  handles: (list) => `अकाउंट: ${list}।`,
  flagsHeading: 'ये काम इन नियमों के ख़िलाफ़ हैं:',
  sourceLabel: 'स्रोत',
  moreFacts: (count) => `और ऐसी ${count} घटनाएँ, जो मेरे रिकॉर्ड में दर्ज हैं।`,
  stepsHeading: 'अब तक मैंने क्या किया:',
  priorComplaint: (cp) => `मैंने पहले ${cp} को लिखित शिकायत दी थी। उसका ब्योरा "अब तक मैंने क्या किया" में है।`,
  loanAccount: (account) => `लोन खाता या ऐप: ${account}`,
  requestsHeading: 'मेरा अनुरोध है कि:',
  requests: {
    cybercrime: () => [
      'इस शिकायत की जाँच की जाए, और ऊपर दिए गए नंबरों और अकाउंट का इस्तेमाल करने वालों की पहचान की जाए;',
      'उनके ख़िलाफ़ क़ानून के अनुसार कार्रवाई की जाए;',
      'नुक़सान पहुँचाने वाली पोस्ट और संदेश हटवाए जाएँ।',
    ],
    police: () => [
      'भारतीय नागरिक सुरक्षा संहिता, 2023 की धारा 173 के तहत इस सूचना पर एफ़आईआर दर्ज की जाए;',
      'धारा 173(2) के अनुसार मुझे एफ़आईआर की कॉपी मुफ़्त दी जाए;',
      'अगर अपराध इस थाने के क्षेत्र से बाहर हुआ है, तो ज़ीरो एफ़आईआर दर्ज करके सही थाने को भेजी जाए;',
      'ज़िम्मेदार लोगों की पहचान करके उनके ख़िलाफ़ कार्रवाई की जाए।',
    ],
    lender: () => [
      'आपके कर्मचारियों और रिकवरी एजेंटों द्वारा हर तरह का उत्पीड़न तुरंत बंद हो;',
      'कोई भी मेरे परिवार, दोस्तों, रेफ़री या सहकर्मियों से संपर्क न करे;',
      'मेरे लोन पर लगाई गई रिकवरी एजेंसी का नाम और जानकारी मुझे लिखित में दी जाए;',
      'इसमें शामिल एजेंटों के ख़िलाफ़ कार्रवाई की जाए;',
      '30 दिन के अंदर मुझे लिखित जवाब दिया जाए।',
    ],
    ombudsman: (cp) => [
      `लोकपाल ${cp} को निर्देश दें कि उसके कर्मचारी और रिकवरी एजेंट उत्पीड़न बंद करें;`,
      `${cp} को इसमें शामिल एजेंटों के ख़िलाफ़ कार्रवाई का निर्देश दिया जाए;`,
      'मुझे हुए उत्पीड़न और मानसिक पीड़ा के लिए मुआवज़ा दिलाया जाए।',
    ],
    ncw: () => [
      'आयोग मेरी शिकायत पुलिस के सामने उठाए, ताकि वह दर्ज हो और उसकी जाँच हो;',
      'आयोग यह उत्पीड़न रुकवाने और नुक़सान पहुँचाने वाली सामग्री हटवाने में मदद करे।',
    ],
  },
  lenderWarning: 'अगर 30 दिन में संतोषजनक जवाब नहीं मिलता, तो यह शिकायत RBI लोकपाल के पास ले जाई जाएगी।',
  evidenceHeading: 'संलग्न सबूत (अनुलग्नक):',
  evidenceNote:
    'हर फ़ाइल का SHA-256 मान उसे मेरे रिकॉर्ड में जोड़ते समय दर्ज किया गया था। कोई भी इसे दोबारा निकालकर जाँच सकता है कि फ़ाइल बदली नहीं है।',
  capturedLabel: 'तारीख और समय',
  noEvidence: 'अभी कोई फ़ाइल संलग्न नहीं है।',
  declaration: 'ऊपर दी गई जानकारी मेरी पूरी जानकारी के अनुसार सच है।',
  closing: 'सधन्यवाद,',
  signature: '[हस्ताक्षर]',
};

export const DRAFT_PHRASES: Record<DraftLanguage, DraftPhrases> = { en: EN, hi: HI };
