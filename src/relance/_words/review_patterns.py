"""The reviewer's patterns: what it looks for, by language, kind and code.

Data only; :mod:`relance._words.review` compiles and applies it.  The texts
they match are *folded*: lower case, without accents, with ``'`` for every
apostrophe and ordinary spaces.  In the sources:

* a space stands for one to four whitespace characters;
* every repetition is bounded (``{0,20}``, never ``*`` or ``+``), so that
  matching stays linear in the length of the text (a test checks it);
* a code ending in ``?`` only counts in a question (a sentence ending with
  ``?``);
* no capturing group: ``(?:...)`` only.

Each alternative should start with a letter, or with a non-capturing group
whose alternatives do (the compiler dispatches on the first letter, which
keeps a review of 2,000 characters well under a millisecond); an alternative
starting otherwise still works, only slower.

Some findings join two parts of one sentence ("an *answer* ... *by Friday*"):
:data:`PARTS` lists the parts, :data:`PAIRS` how they join.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

__all__ = ["ANCHORS", "EN", "FR", "MAX_PAIR_GAP", "PAIRS", "PARTS", "SOURCES"]

#: The most characters between the two parts of a pair.
MAX_PAIR_GAP: Final = 60

# A digit, first in an alternative (a class the engine skips by, unlike "\d{1,12}").
_D: Final = r"\d"

EN_ANCHOR: Final = (
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march"
    r"|april|june|july|august|september|october|november|december|\d{1,2}\s{1,3}may|may\s\d"
    r"|today|tomorrow|tonight|this (?:morning|afternoon|week)|next (?:week|month|quarter)"
    r"|q[1-4]|quarter|quarterly|monthly|weekly|after your|now that|fiscal year"
    r"|(?:the\s)?\d{1,2}(?:st|nd|rd|th)|\d{1,2}(?::\d\d)?\s?(?:am|pm)|\d{1,2}:\d\d)\b"
)


FR_ANCHOR: Final = (
    r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|janvier|fevrier|mars|avril"
    r"|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|aujourd'hui|demain"
    r"|ce (?:matin|soir|midi)|cet apres-midi|cette semaine|semaine prochaine|mois prochain"
    r"|prochaine?|apres (?:votre|ton|ta|vos|tes|le|la|les)|maintenant que|rentree"
    r"|trimestriel(?:le)?|mensuel(?:le)?|hebdomadaire|\d{1,2}\s?h(?:\s?\d\d)?|\d{1,2}:\d\d"
    r"|le \d{1,2}|du \d{1,2}|debut \w{3,9}|fin \w{3,9})\b"
)


#: The parts of the findings that join two phrases of a sentence, by language.
PARTS: Final[Mapping[str, Mapping[str, Sequence[str]]]] = {
    "en": {
        # What the client is asked for...
        "demand": [
            r"answer", r"response", r"reply", r"decision", r"feedback", r"go-ahead",
            r"green light", r"confirm", r"confirmation", r"let me know", r"get back to me",
            r"hear from you", r"hear back", r"sign", r"signature", r"commit", r"know",
        ],
        # ... and by when (a deadline that may also come first: "by Friday, ...").
        "deadline-first": [
            r"(?:by|before|no later than) (?:the )?(?:end of (?:the )?(?:day|week|month)"
            r"|tomorrow|today|monday|tuesday|wednesday|thursday|friday)",
        ],
        "deadline": [
            r"(?:by|before|no later than|until) (?:the )?(?:end of (?:the )?(?:day|week|month"
            r"|quarter)|eod|eow|cob|close of business|tomorrow|tonight|today|monday|tuesday"
            r"|wednesday|thursday|friday|saturday|sunday|noon|midday"
            r"|\d{1,2}(?:st|nd|rd|th)?(?:[:.]\d\d)?\s?(?:am|pm)?)",
            r"today", r"tonight", r"this week", r"asap", r"as soon as possible", r"right away",
            r"immediately", r"urgently", r"within (?:the next )?\d{1,3} (?:hours|days)",
            r"within (?:a|one|two|the) (?:day|days|week)",
        ],
        # Sending something... again.
        "send": [
            r"attach(?:ed|ing)?", r"send(?:ing)?", r"sent", r"forward(?:ed|ing)?",
            r"shar(?:e|ed|ing)", r"enclos(?:e|ed|ing)",
        ],
        "again": [r"again", r"once more"],
    },
    "fr": {
        "demand": [
            r"reponse", r"retour", r"decision", r"accord", r"confirmation", r"confirmer",
            r"repondre", r"valider", r"signer", r"validation", r"signature", r"nouvelles",
            r"revenir vers moi", r"me recontacter", r"me rappeler",
        ],
        "deadline-first": [
            r"(?:d'ici|avant) (?:la fin|demain|ce soir|lundi|mardi|mercredi|jeudi|vendredi"
            r"|le \d{1,2})",
            r"au plus tard",
        ],
        "deadline": [
            r"(?:d'ici|avant) (?:la fin|demain|ce soir|lundi|mardi|mercredi|jeudi|vendredi|midi"
            r"|le \d{1,2}|\d{1,2}|la|ce|cette)",
            r"cette semaine", r"aujourd'hui", r"rapidement", r"au plus vite", r"des que possible",
            r"sans tarder", r"dans les plus brefs delais",
            r"sous (?:\d{1,3}|quarante-huit|vingt-quatre)\s?(?:h|heures|jours)",
        ],
        # An offer ... valid only until.
        "offer": [
            r"offre", r"tarif", r"prix", r"remise", r"promotion", r"reduction", r"conditions",
        ],
        "valid-until": [r"(?:valables?|valides?) (?:que )?(?:jusqu|pendant|d'ici)"],
    },
}

#: How parts join: ``(kind, code, first part(s), second part(s))``.  The
#: second part starts after the first ends, in the same sentence, at most
#: :data:`MAX_PAIR_GAP` characters further; the finding spans both.
PAIRS: Final[Mapping[str, Sequence[tuple[str, str, tuple[str, ...], tuple[str, ...]]]]] = {
    "en": (
        ("pressure", "deadline", ("demand",), ("deadline", "deadline-first")),
        ("pressure", "deadline", ("deadline-first",), ("demand",)),
        ("check-in", "resend", ("send",), ("again",)),
    ),
    "fr": (
        ("pressure", "deadline", ("demand",), ("deadline", "deadline-first")),
        ("pressure", "deadline", ("deadline-first",), ("demand",)),
        ("pressure", "scarcity", ("offer",), ("valid-until",)),
    ),
}

EN: Final[Mapping[str, Mapping[str, Sequence[str]]]] = {
    "check-in": {
        "follow-up": [
            r"following up(?! on your (?:request|question|questions|message|email|note))",
            r"follow[- ]?up (?:on|regarding|about|with you|again|once more|to see|to check"
            r"|and see|here|re)",
            r"(?:quick|gentle|friendly|brief|short|little|small|polite|another|one more) "
            r"follow[- ]?up(?! (?:module|training|session|meeting|course|programme|program"
            r"|sequence|tool|feature))",
            r"(?:wanted|want|like|writing|going|needed) to follow[- ]?up",
            r"circling back", r"circle back", r"touching base", r"touch base",
            r"checking in(?! (?:guests|passengers|visitors|attendees))",
            r"check in (?:on|with you|again|to see|once more)", r"just checking",
            r"bump(?:ing)? (?:this|it|my (?:email|note|message))", r"floating this",
            r"nudge", r"ping(?:ing)? you", r"pinging",
            r"reaching out (?:again|once more|to see|to check|to follow|one more time)",
            r"(?:gentle|friendly|quick|little|small|kind) reminder"
            r"(?! (?:of|that|about|for) (?:our|the|tomorrow))",
            r"just a reminder(?! (?:of|that|about|for) (?:our|the|tomorrow))",
            r"in case (?:it|this|my (?:email|note|message)|the email) (?:got|was|has been"
            r"|slipped|went)",
            r"slipped through the cracks", r"lost in (?:the shuffle|your inbox|the noise)",
            r"got buried", r"top of your inbox",
            r"make sure (?:you (?:received|got|saw)|my (?:email|message|note) (?:didn't"
            r"|did not|reached|got))",
            r"left you a (?:voicemail|message)", r"tried (?:calling|to call|reaching|to reach) you",
            r"my voicemail",
            r"further to my (?:email|message|letter|call|previous)",
            r"checking back", r"check back in", r"following on from (?:our|my)",
            r"resurfacing", r"bringing this (?:back )?(?:up|to the top)",
            r"(?:did you|not sure (?:if|whether) you) (?:get|got|saw|see|receive|received) my",
            r"please advise", r"kindly (?:revert|update|advise|respond|confirm)",
            r"my (?:previous|last|earlier) (?:email|note|message|correspondence)s?",
        ],
        "resend": [
            r"re-?send(?:ing)?",
            r"(?:attached|enclosed|proposal|quote|offer|deck|email) again",
            r"again for your (?:convenience|reference)",
            r"once again (?:attached|the proposal)",
        ],
        "notes-silence": [
            r"(?:haven't|have not|hasn't|didn't|did not|not) heard (?:back|from you|anything)",
            r"(?:haven't|have not|didn't|did not) (?:had|get|got|receive|received) (?:a |any )?"
            r"(?:response|reply|answer|word)",
            r"no (?:response|reply|answer) (?:yet|so far|from you)",
            r"without (?:a |any )?(?:response|reply|answer)",
            r"still waiting (?:on|for) (?:your|a|an)",
            r"(?:waiting|awaiting) (?:for )?your (?:review|reply|response|feedback|answer|decision"
            r"|approval)",
            r"haven't heard", r"haven't seen a (?:reply|response|answer)", r"awaiting your",
        ],
        "asks-news": [
            r"any (?:news|update|updates|word|progress|movement|developments?|feedback|thoughts)"
            r"(?! (?:outlet|agency|agencies|feed|site|source|article|story|stories|release"
            r"|aggregator|section|desk|organi[sz]ation|media|team|channel|app|alert)s?\b)",
            r"(?:an|any|some) update (?:on|from|regarding|about)", r"update me",
            r"(?:have|got) an update", r"is there (?:an|any) update", r"(?:an|any) updates?\s?\?",
            r"keep me (?:posted|updated|informed|in the loop)", r"appreciate an update",
            r"let me know (?:your thoughts|what you think|where (?:things|you|we) stand"
            r"|how (?:things|it) (?:is|are) going)",
            r"thoughts\s?\?", r"what do you think", r"what's the (?:status|latest|update)",
            r"how's it going", r"what's new on your (?:end|side)",
            r"where (?:things|we|you|it) (?:stand|stands)",
            r"where (?:we|you|things) are (?:with|on|at)",
            r"where are (?:we|you|things) (?:at|on|with)",
            r"where do (?:things|we|you) stand", r"where things are",
            r"how (?:are|is) (?:things|it|everything) (?:going|progressing|looking|moving)",
            r"how (?:things|it|everything) (?:is|are) (?:going|progressing|moving|looking)",
            r"(?:just )?wondering (?:if|whether|how|where|when)",
            r"(?:still )?on your radar",
            r"how (?:are|is) (?:the|your) (?:evaluation|review|decision|discussion)s? "
            r"(?:going|progressing)",
            r"h(?<!great\sto\sh)(?<!good\sto\sh)(?<!nice\sto\sh)ear(?:ing)? (?:back|from you)",
            r"(?:hear|get|have|getting) your (?:feedback|thoughts|reply|response|answer)",
            r"looking forward to (?:your (?:reply|response|feedback|answer|thoughts|decision)"
            r"|hearing)",
            r"(?:status|outcome|progress) (?:of|on) (?:the|our|my|your|this) (?:proposal|offer"
            r"|quote|quotation|deal|application|selection|decision|tender|contract|evaluation"
            r"|bid|renewal|order|project)",
            r"is there an eta", r"eta on", r"curious to know",
            r"(?:any|an) interest (?:on|from) your (?:side|end)",
            r"(?:enquire|inquire) (?:about|as to) (?:the )?(?:outcome|status|progress)",
            r"(?:on|from) your (?:end|side)\s?\?",
        ],
        "asks-decision": [
            r"(?:made|reached|come to|taken) (?:a|your|any) decision",
            r"decided (?:whether|if|yet)",
            r"(?:ready|like|want|wish|planning) to (?:move|go) (?:forward|ahead)",
            r"moving (?:forward|ahead)\s?\?", r"(?:going|go) ahead\s?\?",
            r"whether we're going ahead",
            r"still (?:interested|considering|keen|a priority|on track|on the table|relevant"
            r"|open to)",
            r"(?:sign-?off|green light|go-ahead)\s?\?", r"budget approved",
            r"get (?:the )?(?:budget|approval|sign-?off)",
            r"(?:can|could) you confirm (?:whether|if)",
            r"did the (?:committee|board|team) (?:meet|decide|approve|sign)",
            r"(?:has|have) the (?:committee|board) (?:met|decided)",
            r"the outcome", r"move things forward", r"move ahead",
            r"(?:have|had) you decided", r"made up your mind",
            r"still (?:under review|pending|being (?:reviewed|discussed|considered))",
            r"(?:are|is) we still (?:good|on)", r"(?:a (?:quick |simple )?)?yes or no",
            r"to (?:finali[sz]e|close (?:this|the deal|it)|sign (?:off|it)|wrap (?:this|it) up)",
            r"(?:let me know|tell me|advise) (?:whether|if) (?:the (?:board|committee|team|budget"
            r"|proposal)|your (?:board|committee|team|manager)|a decision|you(?:'ve| have)? "
            r"(?:decided|reviewed|made|reached|had|chosen|signed|approved|discussed)|we (?:can"
            r"|could|are|should) (?:move|proceed|go))",
        ],
        "asks-decision?": [
            r"decision", r"approved", r"signed", r"approval", r"the po", r"purchase order",
            r"(?:our|the|my|this) (?:proposal|quote|quotation|offer|contract|tender|bid|renewal"
            r"|deal|sow|msa|po|agreement|order|pricing|numbers|deck)",
            r"what i (?:sent|shared|attached)",
        ],
        "asks-review": [
            r"(?:had|have|get|got|getting|find|found) (?:a |the |any )?(?:chance|time|moment"
            r"|opportunity) to (?:look|review|read|go|check|consider|think|discuss|share|talk"
            r"|digest|take|glance|run)",
            r"had time to", r"did you (?:get|have) a (?:chance|moment)",
            r"did you (?:manage|get|have time|find time|find the time) to",
            r"(?:were|are) you able to", r"have you been able to",
            r"any chance (?:you|you've|you have|you had)",
            r"run (?:it|this|the proposal) (?:by|past)",
            r"mull(?:ed)? (?:it|this) over",
            r"(?:further|any more) thoughts on",
            r"(?:managed|able|get) to (?:discuss|review|look|share|talk|present|run"
            r"|go through|go over)",
            r"think about it", r"wondering if you(?:'ve| have)? had",
            r"talk(?:ed)? (?:it )?(?:to|with) your (?:team|manager|boss|colleagues|cfo|ceo"
            r"|director|board)",
            r"discuss(?:ed)? (?:it|this|our (?:offer|proposal|quote)) with",
            r"(?:share|shared) (?:our|the|my) (?:deck|proposal|quote|offer) with",
            r"(?:look|looked) at (?:it|the proposal|our proposal|the quote)\s?\?",
        ],
        "asks-callback": [
            r"(?:give me a call|call me) back", r"call (?:me )?back when",
            r"a good time to (?:talk|speak|chat|connect|reconnect|discuss)",
            r"better time to (?:talk|speak|reconnect|connect)",
            r"schedule a (?:quick )?call to discuss (?:the|our|where)",
        ],
    },
    "pressure": {
        "demand": [
            r"(?:i|we)(?:'d| would)? (?:really |absolutely |urgently |definitely )?need "
            r"(?:an answer|a response|a reply|a decision|your (?:answer|decision|response|reply"
            r"|go-ahead|feedback|signature|approval)|to know|to close|to have (?:an|your) "
            r"(?:answer|decision))",
            r"need to close this", r"please (?:respond|reply|answer)(?! to)",
            r"(?:let me know|get back to me|respond) either way",
            r"i expect (?:an|your) (?:answer|reply|response)", r"(?:i )?must insist",
            r"i (?:have|need) to have your (?:answer|decision|signature|reply|response)",
        ],
        "last-chance": [
            r"(?:this is|this will be|here is|consider this) (?:my |our |a )?(?:last|final)",
            r"final (?:follow[- ]?up|attempt|try|email|message|chance|reminder)",
            r"last (?:attempt|chance|try)",
            r"(?:last|final) time (?:i'm|i am|i'll|i will) (?:reaching|writing|reach|write"
            r"|contact|email)",
            r"break-?up email",
        ],
        "ultimatum": [
            r"if i (?:don't|do not) hear (?:back|from you)", r"unless i hear",
            r"otherwise,? i(?:'ll| will)? (?:have to|assume|close|release|withdraw|move on"
            r"|give)",
            r"i(?:'ll| will) (?:have to )?(?:assume|close (?:your|the) (?:file|opportunity"
            r"|account)|release|withdraw)",
            r"take (?:that|your silence) as", r"close (?:your|the) file",
            r"(?:assume|take it) (?:that )?you(?:'re| are) no longer",
        ],
        "scarcity": [
            r"(?:offer|rate|price|pricing|discount|promotion|deal|slots?|spots?|seats?) (?:is "
            r"|are )?(?:only )?(?:valid|available|good) (?:until|till|through)",
            r"only (?:valid|available|good) (?:until|till|through)",
            r"(?:offer|discount|promotion|deal|price|rate|quote) expires?",
            r"expires? (?:on|in|at|this|tomorrow|today|monday|tuesday|wednesday|thursday|friday)",
            r"pric(?:es|ing) (?:changes?|increases?|goes up|go up|will (?:change|increase"
            r"|go up|rise))",
            r"release the (?:\w{1,20} )?(?:slots|seats|spots|dates)",
            r"(?:last|final|only a few|few) (?:remaining )?(?:slots|seats|spots|places)",
            r"limited time", r"while (?:stocks|supplies) last",
        ],
        "reproach": [
            r"(?:followed up|written|reached out|emailed|called|messaged|contacted|wrote"
            r"|tried (?:to reach|reaching|calling|to call))(?: to| with)?(?: you)? (?:several"
            r"|multiple|many|a few|three|four|five|\d{1,2}) times",
            r"(?:several|multiple|many|repeated) (?:times|attempts|emails|messages|follow-ups)",
            r"disappoint(?:ed|ing)", r"after all the (?:time|effort|work)",
            r"(?:i'm|i am) surprised",
            r"you (?:still )?(?:haven't|have not) (?:replied|responded|answered|got back)",
        ],
    },
    "value": {
        "figure": [
            _D + r"\d{0,11}(?:[,.]\d{3}){0,4}(?:[.,]\d{1,4})?\s?(?:%|percent|per cent|pts"
            r"|points?|x|fte|k|bn)",
            r"(?:\$|£|€)\s?\d",
            _D + r"\d{0,11}(?:[,.]\d{3}){0,4}(?:[.,]\d{1,4})?\s?(?:€|\$|£|eur|euros?|usd|gbp"
            r"|dollars?|pounds)",
            r"half as (?:often|much|many|long)",
            r"(?:twice|three times|four times|\d\d{0,2} times) (?:as|more|less|faster|fewer"
            r"|higher|lower)",
            r"by (?:a third|half|two thirds|a quarter)", r"in half", r"halved", r"doubled",
            r"tripled",
            r"from \d{1,12}(?:[,.]\d{1,3}){0,4}[^.!?\n\d]{0,15} to \d",
            _D + r"\d{0,11}(?:[,.]\d{3}){0,4}(?:[.,]\d{1,4})? (?:\w{1,20} )?(?:users|seats"
            r"|licen[cs]es|agents|managers|editors|journalists|reporters|articles|invoices"
            r"|readers|subscribers|sources|tools|participants|employees|titles|sites|stores"
            r"|clients|customers|tickets|orders|hours saved|questions)",
            _D + r"\d{0,5} (?:out )?of (?:your |the |our )?\d{1,6}",
            _D + r"\d{0,3}\s?(?:hours?|minutes?|days?) (?:per|a|each|every) (?:\w{1,20} ){0,2}"
            r"(?:week|month|day|year|editor|user|agent|person|rep|article|employee)",
        ],
        "option": [
            r"(?:another|one|an|a \w{1,20}|the|different|third) (?:option|alternative|angle"
            r"|approach|way to)",
            r"instead of", r"rather than", r"what (?:about|if) (?:we|a|an|you|starting|splitting)",
            r"(?:shorter|smaller|lighter|cheaper|longer|simpler) (?:[\w-]{1,20} ){0,2}(?:contract"
            r"|term|package|scope|version|plan|licence|license|commitment|rollout|pilot|option)",
            r"(?:at )?no (?:extra|additional) (?:cost|charge)", r"one way to",
            r"we could(?! (?:talk|discuss|chat|meet|catch up|have a (?:quick )?call|schedule"
            r"|set up a call|get this moving|move forward|speak|reconnect|finali[sz]e|close))",
            r"how about", r"would it (?:help|make sense|be easier) (?:if|to)",
            r"we (?:can|now) (?:also |now )?(?:start|begin|offer|split|price|phase|host|limit|run"
            r"|deliver|give|provide|include|waive|extend|scope|set up|do)",
            r"(?:i|we) (?:could|can) (?:also )?propose",
            r"(?:a|an) (?:\w{1,20}[- ]){0,2}(?:pilot|trial|proof of concept|poc|starter "
            r"(?:package|pack|plan)|phased rollout|first step|smaller scope)",
            r"free (?:of charge|trial|workshop|session|pilot|audit|assessment|diagnostic)",
            r"(?:no|without) (?:commitment|obligation)", r"pay-per-\w{1,20}",
            r"per active user", r"in (?:two|2|three|3) phases", r"phase (?:one|two|1|2)",
            r"opt-out",
            r"(?:smaller|lighter|cheaper|reduced) (?:package|scope|version|option|plan|licence"
            r"|license|rollout)",
            r"blended format", r"split the project",
        ],
        "case": [
            r"case stud(?:y|ies)",
            r"(?:one|some|two|three|four|several|many|most|a few|all) of our (?:clients"
            r"|customers|users)",
            r"our (?:clients|customers|users)",
            r"(?:a|another) (?:client|customer) of (?:ours|mine)",
            r"(?:a|one) peer of yours", r"(?:reference|peer) (?:call|customer|client|visit)",
            r"introduce you to", r"put you in touch", r"connect you with",
            r"helped (?:a|an|another|one|two|three|several)", r"what (?:worked|has worked) for",
            r"how (?:they|\w{1,20}) (?:did it|set it up|did that)",
            r"(?:a|one|another) (?:competitor|peer|counterpart|client|customer|publisher|company"
            r"|group) (?:of yours|like yours|similar to yours)",
            r"(?:shared|explained|showed|described|told us) how they",
        ],
        "resource": [
            r"attached", r"enclosed",
            r"(?:here's|here is|here are|find|sharing|share|send you|sent you|i've put|i put"
            r"|have a look at|take a look at|look at|check out|read"
            r"|i've prepared|prepared|linked?|made|recorded|wrote|written|drew|put together) "
            r"(?:the |a |an |our |my |some |this |it |you )?(?:\w{1,20}[- ]){0,3}(?:link|report"
            r"|guide|study|template|checklist|comparison|benchmark|video|recording|summary"
            r"|one-pager|white ?paper|ebook|article|piece|paper|data|analysis|spreadsheet"
            r"|calculator|playbook|sample|excerpt|outline|faq|questionnaire|slides|results|map"
            r"|note|brief|estimate|timeline|version|pack|mock-?up|prototype)s?",
            r"link here", r"here(?:'s| is) (?:how|what)",
            r"(?:free |live |online |short )?(?:workshop|webinar|masterclass|live session"
            r"|roundtable|round table|breakfast briefing)s?",
            r"save you a (?:spot|seat|place)", r"next session",
        ],
        "client-question?": [
            r"how (?:do|does|are|is|long|many|much|often|would|did)",
            r"what (?:does|do|is|are|would|was|kind|share|part|percentage)",
            r"what's the (?:biggest|main|hardest|real)",
            r"which (?:\w{1,20} )?(?:tool|tools|process|team|teams|part|system)",
            r"have you (?:considered|thought about|measured|looked at|tried|explored)",
            r"would it (?:help|make sense|be useful)",
            r"is (?:it|that) (?:still )?(?:a|an) (?:issue|problem|pain|challenge|bottleneck)",
        ],
        "answer": [
            r"(?:the|your) (?:question|point|concern|issue|request)s? you (?:raised|asked|had"
            r"|mentioned|flagged|asked about)",
            r"(?:you|your (?:\w{1,20} )?(?:team|teams|users|editors|developers|technicians"
            r"|testers|desk|counsel|auditors)) (?:asked|flagged|mentioned|reported|requested)"
            r"(?: about| for)?",
            r"the answer to your question",
            r"(?:the|your) (?:\w{1,20} )?(?:constraint|problem|challenge|need|issue|gap|pain"
            r"|blocker|bottleneck|worry|concern|question|point|request)s? you (?:described"
            r"|mentioned|raised|flagged|shared|explained|told me about|outlined|asked about)",
            r"(?:fix(?:es)?|solv(?:es|e)|address(?:es)?|remov(?:es|e)|answer(?:s)?) your",
            r"what you said (?:about|on)",
        ],
        "insight": [
            r"given your",
            r"i (?:noticed|saw|came across|read|spotted|heard|see|learned|learnt) (?:that|your"
            r"|the|an?|this|you)",
            r"(?:saw|read|noticed|loved|enjoyed) your (?:post|article|interview|announcement"
            r"|report|talk|comment)",
            r"thought of you", r"did you know", r"(?:i|we) (?:ran|crunched|did) the numbers",
            r"i (?:mapped|analy[sz]ed|looked at|reviewed|checked|compared|benchmarked"
            r"|calculated|estimated) your",
            r"after reading your",
            r"(?:thinking|thought) (?:about|of) your (?:concern|question|problem|issue"
            r"|challenge|situation|goal)",
            r"(?:one|a) (?:thing|idea|thought) (?:on|about|for|i forgot|that)",
            r"a (?:new )?idea (?:about|on|for)",
            r"i asked our (?:\w{1,20} ){0,2}(?:team|engineers|cto|lawyers|experts)",
            r"(?:our|the) (?:cto|engineers|product team|legal team|compliance team|experts"
            r"|product lead) (?:confirmed|reviewed|prepared|found|checked|built)",
            r"based on the (?:\w{1,20} ){0,3}(?:you mentioned|you gave|you shared)",
            r"with the (?:volumes|numbers|figures|data) you (?:gave|shared|sent)",
        ],
        "novelty": [
            r"(?:just|recently) (?:launched|released|added|opened|published|shipped|introduced"
            r"|signed|made)",
            r"we(?:'ve| have) (?:since |also |now )?(?:launched|released|added|opened|published"
            r"|built|introduced|developed|prepared|simplified|set up)",
            r"(?:now|newly) (?:supports?|integrates?|available|works|includes|tracks|exports"
            r"|shows|covers|adds|offers|handles)",
            r"(?:our |a )?new (?:module|feature|release|version|connector|integration"
            r"|e-?learning|product|option|data cent(?:er|re)|case study|report|benchmark|offer"
            r"|plan|api|format|edition|service|tool)",
            r"we (?:simplified|launched|released|added|built|shipped|introduced|opened"
            r"|improved|fixed|automated)",
            r"we (?:were|have been|got|are now|just got) (?:certified|approved|accredited|listed"
            r"|named|selected)",
            r"(?:is|are) now (?:\w{1,20} )?(?:ticked|available|live|supported|included|possible"
            r"|covered|certified|compatible)",
            r"(?:our|the) (?:[\w-]{1,20} ){0,2}(?:feature|module|connector|integration|tool"
            r"|generator|dashboard|app|api|platform) (?:now )?(?:can|lets|allows|sends|exports"
            r"|tracks|shows|handles|supports|covers|pulls|gives)",
            r"latest (?:release|version|update|benchmark)", r"is (?:now )?out",
            r"(?:next|new) release", r"(?:big|good) news",
        ],
    },
    "reply": {
        "reply": [
            r"thank(?:s| you)(?: (?:so|very) much)? for (?:your |the )?(?:quick |fast |prompt "
            r"|kind |detailed )?(?:reply|response|answer|message|email|mail|note|feedback"
            r"|question|questions|update|heads-up|call|input|comments|clarification|interest"
            r"|getting back|letting me know|coming back|sharing)",
            r"(?:to answer|regarding|re|about|on|to) your (?:question|questions|request|query"
            r"|point|concern)s?",
            r"(?:in (?:response|reply|answer) to|replying to|to reply to|responding to) your",
            r"(?:good|great|fair|excellent) (?:question|point)", r"happy to (?:answer|clarify)",
            r"(?:got|received|read) your (?:message|email|note|reply|answer)",
            r"great to hear from you", r"as you (?:asked|requested)",
            r"(?:appreciate|thanks for|thank you for) (?:the|your) (?:quick |fast |prompt |kind "
            r"|detailed )?(?:answer|reply|response|feedback|update|note|message)",
            r"(?:no worries|no problem) (?:about|at all|for|with)", r"you're (?:right|correct)",
            r"sorry to hear",
            r"(?:in follow[- ]up to|following up on|further to) your (?:request|question"
            r"|message|email|call)",
            r"to your point", r"answered (?:them|your)", r"understood that",
            r"of course(?=\s?[—,:!-])(?<=,\sof\scourse)",
            r"certainly(?=\s?[—,:!-])(?<=,\scertainly)",
            r"absolutely(?=\s?[—,:!-])(?<=,\sabsolutely)",
            r"with pleasure(?=\s?[—,:!-])(?<=,\swith\spleasure)",
        ],
    },
    "agreed": {
        "agreed-moment": [
            r"as (?:we )?(?:agreed|discussed|arranged|planned|scheduled|promised)",
            r"as (?:you )?(?:suggested|proposed)", r"as you (?:asked|requested)",
            r"per our (?:agreement|conversation|call|discussion)",
            r"you asked me to (?:get back|call|reach out|follow up|come back|check in|contact"
            r"|ping)",
            r"(?:just )?confirming (?:our|the|my|that|i|i'll|i will|we|we'll)",
            r"(?:to|i) confirm (?:our|the|my) (?:meeting|call|visit|appointment|review|session"
            r"|workshop|demo)",
            r"this is to confirm",
            r"reminder (?:of|that|about|for) (?:our|the|tomorrow)",
            r"looking forward to (?:our|the) (?:call|meeting|workshop|review|session|demo|visit)",
            r"(?:our|the) (?:quarterly|monthly|weekly|annual|yearly) (?:review|check-in"
            r"|catch-up|call|meeting|business review)",
            r"(?:see|speak to|talk to) you (?:then|tomorrow|on)",
        ],
    },
}

FR: Final[Mapping[str, Mapping[str, Sequence[str]]]] = {
    "check-in": {
        "follow-up": [
            r"je me permets de revenir (?:vers|aupres de) (?:vous|toi)(?! avec)",
            r"(?:revenir|reviens|revenons) (?:vers|aupres de) (?:vous|toi)"
            r"(?! avec)",
            r"(?:vous|te) relanc(?:e|er)",
            r"(?:petite|ma|une|nouvelle|derniere|seconde|deuxieme|troisieme|simple) relance"
            r"(?! automatique)",
            r"relance (?:concernant|au sujet|sur|a propos|pour|suite)",
            r"je me permets de (?:vous |te )?(?:recontacter|solliciter|reecrire|faire remonter"
            r"|remonter|rappeler|relancer)",
            r"(?:vous|te) recontact(?:e|er)", r"(?:vous|te) (?:reecris|reecrire)",
            r"(?:vous|te) (?:ecris|ecrire) (?:a|de) nouveau",
            r"sollicit(?:e|er) (?:a|de) nouveau", r"petit up",
            r"(?:faire )?remonter (?:ce|mon|le|cet|votre) (?:mail|message|sujet|e-mail|courriel"
            r"|echange)",
            r"reviens aux nouvelles", r"prendre (?:de vos|de tes|des) nouvelles",
            r"prendre la temperature",
            r"(?:juste )?(?:un )?petit (?:mot|message) pour (?:savoir|prendre|faire"
            r"|vous demander)",
            r"m'assurer que (?:vous|tu|mon|ma|notre|le|la)",
            r"au cas ou (?:mon|ma|notre|ce|cet|votre) (?:precedent |dernier )?(?:mail|message"
            r"|courriel|e-mail|envoi)",
            r"se serait perdu",
            r"j'ai (?:tente|essaye) de (?:vous|te) (?:joindre|appeler|contacter)",
            r"suite a mon (?:appel|message|mail|courriel|dernier|precedent|envoi|relance)",
            r"(?:mon|ma) (?:precedent|dernier|derniere) (?:mail|message|courriel|e-mail"
            r"|relance)",
            r"reste sans reponse",
            r"je (?:\w{1,20} ){1,2}(?:a nouveau|de nouveau|une nouvelle fois|encore une fois)",
            r"je (?:me )?manifeste",
        ],
        "resend": [
            r"(?:vous|te) (?:renvoie|renvoies|remets|retransmets|renvoyer|remettre)",
            r"(?:ci-joint|ci-dessous|en piece jointe|ci-apres) (?:a|de) nouveau",
            r"(?:a|de) nouveau (?:notre|ma|mon|la|le) (?:proposition|devis|offre|message|mail)",
        ],
        "notes-silence": [
            r"(?:n'ayant|je n'ai|nous n'avons|n'avoir|n'avons|n'ai) (?:pas|toujours pas"
            r"|pas encore|encore pas|jamais) (?:eu|recu|obtenu) (?:de |votre |ton |vos |aucun )?"
            r"(?:retour|reponse|nouvelles|nouvelle)",
            r"sans (?:reponse|retour|nouvelles)", r"toujours aucune? (?:reponse|retour|nouvelles)",
            r"(?:nous attendons|j'attends) toujours", r"toujours dans l'attente",
        ],
        "asks-news": [
            r"des nouvelles(?=\s?[?!]| de (?:votre|ton|ta|vos|tes) | (?:du|de la) (?:comite"
            r"|direction|projet|dossier|cote|conseil)| de votre cote| concernant| sur | pour"
            r"| au sujet| a propos)",
            r"d(?<!avec\sd)u nouveau", r"des news", r"quoi de neuf",
            r"ou en (?:etes|etiez|es|etais|sommes|etions)(?:[- ](?:vous|tu|nous))?",
            r"ou (?:vous|tu|nous) en (?:etes|etiez|es|etais|sommes|etions)",
            r"(?:ca|cela|on) en est ou", r"ou en est[- ]on", r"savoir ou (?:vous|tu) en",
            r"(?:vous|tu|on|nous) en (?:etes|es|est|sommes) ou", r"qu'en est-il",
            r"des avancees\s?\?", r"(?:y a-t-il|il y a) du nouveau",
            r"(?:le sujet|le projet|le dossier|cela|ca) (?:avance|progresse|bouge)-t-il",
            r"qu'en (?:pensez-vous|penses-tu|dites-vous|dis-tu)",
            r"(?:un|des) retours? a me (?:faire|donner|communiquer)",
            r"(?:auriez|avez|aurais|as)-(?:vous|tu) (?:un|des) retours?",
            r"faire (?:le|un) point(?! (?:mensuel|trimestriel|hebdomadaire))(?: d'etape)?",
            r"(?:me |nous )?(?:faire|donner|apporter|communiquer) (?:un |votre |ton |vos )?"
            r"retours?(?! d'experience)",
            r"(?:m'indiquer|me dire|me preciser|m'informer) (?:si|ou|quand|l'etat)",
            r"me tenir (?:informee?|au courant)", r"tenir informee?",
            r"faire part de (?:votre|ta|vos)",
            r"(?:dans l'attente|j'attends|en attente|impatiente?) de (?:votre|ton|vos|tes|vous) "
            r"(?:retour|reponse|decision|nouvelles|avis|lire)",
            r"(?:reste|demeure|suis|restons) dans l'attente",
            r"(?:connaitre|savoir|informe|informer|point sur) (?:de )?l'(?:etat d')?avancement",
            r"avancement de (?:votre|ta|vos) (?:reflexion|decision|projet|dossier)",
            r"(?:obtenir|avoir) (?:un|votre|ton) retour",
            r"(?:avoir|connaitre|recueillir|obtenir) (?:votre|ton) (?:avis|sentiment)",
            r"un retour (?:sur|concernant|au sujet de|a propos de) (?:notre|ma|mon|le|la|nos)",
            r"(?:savoir|voir|connaitre) si (?:le projet|le sujet|les choses|ca|cela|le dossier"
            r"|vous|tu|une decision|votre|notre|ma|mon|le devis|la proposition)",
            r"(?:le projet|le sujet|le dossier|ca|cela) (?:avance|bouge|progresse)",
        ],
        "asks-news?": [
            r"(?:avez-vous|as-tu|tu as|vous avez|auriez-vous) (?:eu )?des (?:nouvelles|retours?)",
            r"des retours", r"ou en est", r"ou en sont",
            r"du cote de (?:votre|ta|la) (?:direction|equipe|comite)",
            r"(?:votre|ton) avis",
        ],
        "asks-decision": [
            r"(?:une|la) decision (?:a|avait|aurait) (?:ete|pu etre) prise",
            r"(?:connaitre|savoir|faire part de|attente de|m'indiquer|me donner|me communiquer) "
            r"(?:votre|ta) decision",
            r"(?:a|ont)-t-(?:il|elle|ils|elles) statue", r"statue\s?\?",
            r"toujours d'actualite",
            r"toujours (?:interessee?s?|partante?|ok|d'accord|dans la course|pertinent)",
            r"(?:pu|pouvoir) valider (?:le|la|notre|votre)",
            r"(?:a|ont) ete (?:retenue?s?|validee?s?|signee?s?|approuvee?s?)\s?\?",
            r"(?:valide|signe|approuve|retenue?)\s?\?",
            r"le (?:projet|sujet) est-il toujours", r"validation du budget",
            r"(?:vos|tes) intentions", r"retenu (?:votre|ton) attention",
            r"(?:un )?(?:simple )?oui ou (?:un )?non",
            r"(?:pris|prendre) (?:une|votre|ta) decision",
            r"(?:avez|as)[- ](?:vous|tu) (?:statue|tranche|decide|arbitre)",
        ],
        "asks-decision?": [
            r"decision", r"valide", r"signe", r"se prononcer", r"trancher", r"statuer",
            r"(?:notre|ma|mon|le|la|votre) (?:proposition|devis|offre|contrat|candidature"
            r"|signature|renouvellement|commande)",
        ],
        "asks-review": [
            r"(?:avez-vous|as-tu|tu as|vous avez|aviez-vous|auriez-vous|vous aviez|as tu"
            r"|avez vous|tu aurais|vous auriez) (?:pu|eu (?:le temps|l'occasion|un moment"
            r"|un instant|la possibilite|le loisir))",
            r"si (?:vous aviez|vous avez|tu as|tu avais) (?:pu|eu le temps|eu l'occasion)",
            r"prendre connaissance", r"jeter un (?:oeil|œil|coup d'oeil|coup d'œil)",
            r"regarder (?:notre|ma|mon|la|le|nos) (?:proposition|devis|offre|presentation|mail"
            r"|message|document)",
            r"en (?:discuter|parler) en interne",
            r"(?:echange|echanger|discute|discuter|parle|parler) avec (?:votre|vos|ton|tes) "
            r"(?:equipe|collegues|direction|boss|manager|responsable|service)",
            r"en parler a (?:ton|votre|ta|vos)",
            r"(?:eu le temps|pu|l'occasion) d'y (?:reflechir|jeter|regarder|penser)",
        ],
        "asks-callback": [
            r"(?:pouvez|pourriez|pourrais|peux)[- ](?:vous|tu) me rappeler",
            r"me rappeler (?:quand|des que|au|a votre)", r"(?:rappelez|rappelle)-moi",
        ],
    },
    "pressure": {
        "demand": [
            r"(?:j'ai|nous avons|on a) (?:absolument |vraiment |imperativement |urgemment )?"
            r"besoin (?:d'une|de votre|de ta|d'un) (?:reponse|decision|retour|accord|validation)",
            r"il (?:me|nous) (?:faut|faudrait) (?:imperativement |absolument |vraiment "
            r"|rapidement )?(?:une|votre|ta|un) (?:reponse|decision|retour|accord)",
            r"je compte sur (?:vous|toi) pour (?:me )?(?:repondre|confirmer|donner|faire|valider"
            r"|signer)",
            r"imperativement", r"j'attends (?:votre|ta) (?:reponse|decision|retour)",
            r"(?:exige|exigeons)",
        ],
        "last-chance": [
            r"(?:ma|cette|une) derniere (?:relance|tentative|sollicitation|prise de contact)",
            r"derniere relance", r"ceci est (?:mon|ma) dernier", r"(?:dernier|ultime) (?:rappel"
            r"|essai)",
        ],
        "ultimatum": [
            r"sans (?:retour|reponse|nouvelles) de (?:votre|ta) part",
            r"(?:je considererai|nous considererons|je considere|je vais considerer"
            r"|nous considerons|j'en deduirai|nous en deduirons) que",
            r"(?:cloturerons|cloturerai|fermerons|classerons|classerai|archiverons|clore"
            r"|cloturer|classer) (?:le|votre|ce|ton) dossier",
            r"(?:nous serons|je serai|serons|serai) (?:contraints?|obligee?s?|forcee?s?) de",
            r"(?:liberer|ceder|redistribuer|remettre en vente) (?:le|les|votre|vos|ce|ces) "
            r"(?:creneau|creneaux|places|dates|sessions)",
            r"faute de (?:reponse|retour)",
        ],
        "scarcity": [
            r"(?:n'est|ne sont) (?:valables?|valides?) que",
            r"(?:expire|expirent|prend fin|prendra fin|s'arrete) (?:dans|le|demain|ce|cette"
            r"|vendredi|lundi|fin|a la fin|bientot)",
            r"offre (?:promotionnelle|speciale|limitee)", r"(?:dernieres|quelques) places",
            r"places (?:sont )?limitees", r"(?:hausse|augmentation) (?:des|de nos) (?:tarifs|prix)",
            r"(?:nos|les) (?:tarifs|prix) (?:augmentent|changent|evoluent) (?:le|au|en|a|des)",
        ],
        "reproach": [
            r"(?:relancee?s?|ecrit|appele|contacte|sollicitee?) (?:\w{1,20} ){0,2}(?:deux|trois"
            r"|quatre|cinq|\d{1,2}|plusieurs|nombreuses) fois",
            r"la (?:deuxieme|troisieme|quatrieme|cinquieme|\d{1,2}e) fois",
            r"plusieurs (?:relances|messages|tentatives|mails|fois)",
            r"(?:malgre|apres) (?:mes|nos|plusieurs|de) (?:\w{1,20} )?(?:relances|messages"
            r"|appels|mails|tentatives)",
            r"nombreuses (?:relances|tentatives)",
            r"(?:decu|decue|decevant|surpris|surprise|etonne|etonnee) (?:de|que)",
            r"toujours (?:pas|sans) (?:de )?(?:reponse|retour|nouvelles)",
            r"nous attendons toujours",
        ],
    },
    "value": {
        "figure": [
            _D + r"\d{0,11}(?:[\s.]\d{3}){0,4}(?:,\d{1,4})?\s?(?:%|pour cent|pourcent|points?"
            r"|€|euros?|k€|keur|m€|etp|x)",
            r"€\s?\d",
            r"(?:divise|divisee|divises|divisees|multiplie|multiplies|multipliee?s?) (?:par )?"
            r"(?:deux|trois|quatre|\d{1,2})",
            r"de moitie", r"d'un tiers", r"(?:est |sont )?passee?s? de \d",
            r"de \d{1,12}(?:[\s.,]\d{1,3}){0,3} (?:\w{1,20} )?a \d",
            _D + r"\d{0,11}(?:[\s.]\d{3}){0,4}(?:,\d{1,4})?\s?/\s?(?:5|10|20|100)(?!\d)",
            _D + r"\d{0,5} sur \d{1,6}",
            _D + r"\d{0,11}(?:[\s.]\d{3}){0,4}(?:,\d{1,4})? (?:\w{1,20} )?(?:utilisateurs"
            r"|licences|commandes|lecteurs|abonnes|processus|agences|clients|participants"
            r"|salaries|collaborateurs|articles|titres|sites|tickets|journalistes|commerciaux"
            r"|managers|stagiaires|sources|outils|factures|postes|magasins|clics"
            r"|heures (?:par|de|gagnees|economisees)|minutes (?:par|de|gagnees))",
            _D + r"\d{0,3}\s?(?:heures?|minutes?|h|jours?) (?:par|chaque) (?:semaine|mois|jour|an"
            r"|annee|utilisateur|salarie|commercial|journaliste)",
        ],
        "option": [
            r"(?:une|cette|autre|nouvelle) (?:autre )?(?:option|piste|alternative|approche"
            r"|formule|possibilite)",
            r"l'(?:option|alternative|approche) (?:de|d'|sans|a)",
            r"(?:une|l'|autre) idee (?:pour|sur|concernant|concrete)",
            r"et si (?:on|nous|vous|l'on)",
            r"(?:contrat|engagement|abonnement|formule|version|periode|duree) plus (?:court"
            r"|courte|leger|legere|souple|petit|petite|simple|long|longue)",
            r"(?:nous pourrions|on pourrait)(?! (?:en )?(?:parler|discuter|echanger|faire le point"
            r"|faire un point|nous appeler|nous voir|avancer|finaliser|conclure))",
            r"sans surcout",
            r"(?:nous|on) (?:pourrions|pourrait|peut|pouvons) (?:aussi |egalement "
            r"|tout a fait )?(?:commencer|demarrer|etaler|facturer|proposer|offrir|limiter"
            r"|decouper|equiper|tester|adapter|prendre en charge|vous accompagner|vous proposer"
            r"|reduire|lancer|partir)",
            r"(?:vous|te) propos(?:e|ons) (?:de |d'|une |un |la |le )(?!(?:un |une |d'|de )?"
            r"(?:faire |fixer |caler |planifier |organiser )?(?:un |une |le |la )?(?:point"
            r"|rendez-vous|appel|echange|call|creneau|rdv|visio|reunion|moment"
            r"|temps d'echange)\b)",
            r"(?:peux|pourrais|pouvons) (?:aussi |egalement )?(?:vous|te) proposer"
            r"(?! (?:un|une) (?:point|rendez-vous|appel|echange|creneau|rdv|visio|reunion))",
            r"plutot (?:qu'|que)", r"au lieu (?:de|d')",
            r"(?:une|un) (?:\w{1,20} ){0,2}(?:pilote|test|essai|version allegee"
            r"|version d'essai|diagnostic|demi-journee|atelier)",
            r"(?:site|projet|phase) pilote", r"pilote (?:a|sur|de|avec)",
            r"sans (?:engagement|frais|obligation)", r"gratuit(?:e|s|es|ement)?",
            r"commencer par",
            r"(?:demarrer|commencer|debuter) (?:par|sur|avec) (?:un|une|le|la|les|votre|ton|vos)",
            r"(?:paiement|facturation|abonnement)s? (?:mensuel|a l'usage|trimestriel"
            r"|modulable)s?",
            r"facturer (?:au|a la|en)", r"en deux (?:temps|phases|fois)", r"phase \d",
            r"version allegee",
            r"(?:etaler|echelonner) (?:le|les) (?:paiement|cout|couts|investissement)",
        ],
        "case": [
            r"(?:un|l'un|deux|trois|plusieurs|certains|la plupart|beaucoup) (?:de |d')?"
            r"(?:nos|des) clients",
            r"nos clients", r"notre client",
            r"(?:un|une) (?:cas|exemple) (?:client|concret|proche|similaire|recent)",
            r"cas clients?", r"retours? d'experience", r"temoignages?", r"temoigner",
            r"mettre en (?:relation|contact)", r"(?:nous avons|on a|j'ai) (?:aide|accompagne)",
            r"chez (?:un|une|deux|trois|plusieurs|nos|l'un de nos) (?:\w{1,20} ){0,2}"
            r"(?:clients?|groupes?|editeurs?|distributeurs?|entreprises?|laboratoires?"
            r"|industriels?|acteurs?)",
            r"(?:a|ont) (?:adopte|deploye|mis en place|choisi) (?:notre|nos)",
            r"comme le fait deja", r"vus? fonctionner", r"raconter comment",
            r"(?:un|une|deux|trois|plusieurs) (?:editeur|groupe|client|distributeur|entreprise"
            r"|laboratoire|industriel|acteur|journal|quotidien|media|concurrent|confrere)s? "
            r"(?:\w{1,20} ){0,2}(?:a|ont) (?:reduit|divise|augmente|gagne|economise|ameliore"
            r"|double|multiplie|mis en place|adopte|choisi|obtenu)",
        ],
        "resource": [
            r"(?:vous|te) (?:joins|joint|envoie|transmets|transmet|partage|adresse"
            r"|fais parvenir)(?! (?:ce|un petit|ce petit|un) (?:message|mail|mot|courriel"
            r"|e-mail))",
            r"ci-joint", r"en piece jointe",
            r"(?:voici|voila) (?:le|la|les|un|une|notre|nos|mon|ma|ce|cette|l'|des|trois|deux"
            r"|comment|ce que)",
            r"(?:un|une|le|la|notre|nos|ce|cet|cette|l'|mon|ma) (?:\w{1,20} ){0,2}(?:guide|etude"
            r"|article|podcast|interview|publication"
            r"|livre blanc|fiche|note|modele|video|rapport|simulation|comparaison|cartographie"
            r"|grille|catalogue|webinaire|atelier|matinee|checklist|benchmark|tableau de bord"
            r"|synthese|tutoriel|demonstration|maquette|prototype)s?",
        ],
        "client-question?": [
            r"comment (?:vos|votre|ton|tes|gerez|geres|faites|fais|traitez|vivez|abordez"
            r"|organisez|suivez|mesurez|anticipez|preparez)",
            r"comment (?:\w{1,20} ){0,3}(?:gerent|gere|traitent|traite|font|vivent"
            r"|s'organisent|abordent)",
            r"quel(?:le)?s? (?:est|sont) (?:aujourd'hui |actuellement )?(?:le|la|les|vos|votre"
            r"|ton|ta|tes)",
            r"quelle part", r"combien (?:de|d'|vous|ca|cela|coute|temps)",
            r"avez-vous (?:pense|envisage|mesure|essaye|deja|songe)",
            r"qu'est-ce qui (?:bloque|freine|vous|coince)", r"que faudrait-il", r"quels sont",
        ],
        "answer": [
            r"(?:la|votre|ta|les|vos) (?:question|demande|remarque)s? que (?:vous|tu) "
            r"(?:aviez|avez|avais|as) (?:posee?s?|soulevee?s?|faite?s?)",
            r"que (?:vous|tu) (?:demandiez|demandais|reclamiez|evoquiez|aviez demande"
            r"|aviez evoque|aviez signale|m'aviez signale)",
            r"(?:dont|que) (?:vous|tu) (?:parliez|parlais|m'aviez parle|evoquiez|aviez besoin)",
            r"(?:signale|demande|reclame|souleve)e?s? par (?:vos|votre|ton|tes) (?:\w{1,20} )?"
            r"(?:equipes?|utilisateurs|journalistes|clients|collaborateurs|managers)",
            r"que (?:vos|tes|votre|ton) (?:\w{1,20} )?(?:clients|equipes?|utilisateurs"
            r"|journalistes|collaborateurs) (?:reclamaient|demandaient|attendaient"
            r"|evoquaient)",
            r"(?:le|au) besoin que (?:vous|tu) (?:aviez|avez|avais) exprime",
            r"comme le (?:souhaitait|souhaitaient|demandait|demandaient|voulait|voulaient) "
            r"(?:votre|ton|ta|vos|tes)",
            r"ce que (?:vous|tu) (?:disiez|disais|m'aviez dit|m'avais dit|evoquiez|expliquiez)",
            r"(?:repond|repondre|regle|resout|couvre|leve|supprime|corrige) (?:a )?(?:votre|ton"
            r"|ta|vos|tes)",
        ],
        "insight": [
            r"j'ai (?:vu|lu|remarque|note|appris|constate|repere|entendu) (?:que|votre|vos|l'"
            r"|le|la|les|dans|sur|ton|tes)",
            r"(?:repensant|reflechissant) a", r"j'ai (?:repense|reflechi) a",
            r"saviez-vous", r"savez-vous que", r"(?:pense|songe) a (?:vous|toi) en",
            r"j'ai (?:identifie|analyse|compare|etudie|calcule|chiffre|fait chiffrer|regarde vos"
            r"|cartographie|mesure|simule)",
            r"(?:un|petit) chiffre", r"j'ai demande a (?:notre|nos|mon|mes)",
            r"(?:nos|notre|mes|mon) (?:equipes?|equipe technique|experts?|juristes?"
            r"|directeur technique|cto) (?:a|ont) (?:etudie|analyse|regarde|verifie|confirme"
            r"|prepare)",
            r"avec (?:tes|vos) (?:vrais )?(?:volumes|chiffres|donnees)",
            r"j'ai (?:prepare|fait) (?:une|un) (?:simulation|estimation|calcul|chiffrage)",
        ],
        "novelty": [
            r"(?:nous venons|on vient|je viens|vient) de (?:lancer|sortir|publier|ajouter|ouvrir"
            r"|obtenir|mettre en ligne|signer|recevoir|recruter|developper|integrer)",
            r"desormais",
            r"(?:est|sont) (?:maintenant|desormais) (?:disponibles?|actifs?|actives?|en ligne)",
            r"nouvelles? (?:fonctions?|fonctionnalites?|versions?|offres?|options?"
            r"|integrations?|formations?)",
            r"nouveaux? (?:modules?|connecteurs?|services?|partenariats?|outils?)",
            r"(?:petite )?nouveaute",
            r"(?:nous avons|on a) (?:depuis |aussi |egalement )?(?:ajoute|lance|publie|sorti"
            r"|developpe|obtenu|mis en ligne|mis en place|integre|ouvert|simplifie)",
            r"vient de sortir", r"la (?:derniere|nouvelle) version", r"mise?s? a jour",
            r"(?:est|sont) disponibles? (?:dans|sur|depuis|en|des)",
            r"(?:existe|existent|fonctionne|fonctionnent|proposons|offrons|integrons|gerons) "
            r"(?:maintenant|desormais)",
            r"nous l'avons (?:obtenue?|ajoutee?|lancee?|developpee?|integree?)",
            r"(?:sommes|avons ete|est|sont) (?:desormais |maintenant )?(?:certifiee?s?"
            r"|referencee?s?|agreee?s?|labellisee?s?)",
            r"nouvelles encourageantes", r"bonne nouvelle",
        ],
    },
    "reply": {
        "reply": [
            r"merci (?:beaucoup |bien |infiniment )?(?:pour|de) (?:votre|ton|ta|vos|tes|ces"
            r"|cette|la|le) (?:\w{1,20} )?(?:message|retour|reponse|mail|e-mail|courriel"
            r"|precisions|elements|question|questions|demande|appel|informations|retours"
            r"|explications|interet|confiance|invitation)",
            r"merci de (?:m'avoir|nous avoir)", r"bien (?:recu|note)",
            r"(?:repondre|reponse) a (?:votre|ta|vos|tes) (?:question|questions|demande"
            r"|interrogation|message|mail)",
            r"en reponse a (?:votre|ta)",
            r"suite a (?:votre|ta) (?:demande|question|message|mail|courriel|appel|retour"
            r"|reponse|interrogation)",
            r"(?:vous me demandiez|tu me demandais|vous m'avez demande|tu m'as demande"
            r"|vous me posiez)",
            r"comme (?:vous me l'avez|tu me l'as) demande", r"(?:vous avez|tu as) raison",
            r"je (?:vous|te) remercie (?:pour|de)", r"pas de (?:souci|probleme|soucis) pour",
            r"je comprends (?:tout a fait|parfaitement|bien)",
            r"(?:concernant|s'agissant de|quant a) (?:votre|ta) (?:question|demande)",
            r"que (?:vous|tu) m'(?:avez|as) demandee?s?",
            r"bien sur(?=\s?[—,:!-])(?<=,\sbien\ssur)",
            r"avec plaisir(?=\s?[—,:!-])(?<=,\savec\splaisir)",
            r"volontiers(?=\s?[—,:!-])(?<=,\svolontiers)",
            r"evidemment(?=\s?[—,:!-])(?<=,\sevidemment)",
        ],
    },
    "agreed": {
        "agreed-moment": [
            r"comme (?:convenu|promis|prevu|annonce|entendu|evoque)",
            r"comme (?:nous|on) (?:l'avions |en (?:etions|avions) |l'a |avait )?(?:convenus?"
            r"|prevu|dit|evoque|decide)",
            r"comme (?:vous me l'aviez|tu me l'avais|vous me l'avez|vous l'aviez|tu me l'as) "
            r"(?:demande|suggere|propose|indique|conseille)",
            r"conformement a (?:ce que nous|notre|nos)",
            r"(?:vous m'aviez|tu m'avais|vous m'avez) (?:demande|propose|suggere|conseille) de",
            r"je (?:vous|te) confirme (?:notre|ma|le|la|nos|mon|votre)",
            r"petit rappel", r"rappel (?:pour|de|concernant) (?:notre|nos|votre|ton)",
            r"on se voit (?:toujours|bien|demain)",
            r"(?:notre|votre|le|la) (?:point|revue|reunion|bilan|comite|rendez-vous) "
            r"(?:trimestriel|trimestrielle|mensuel|mensuelle|hebdomadaire|annuel|annuelle"
            r"|de suivi)",
            r"(?:revue|point) (?:trimestriel|mensuel)(?:le)?",
        ],
    },
}

#: The patterns, by language.
SOURCES: Final[Mapping[str, Mapping[str, Mapping[str, Sequence[str]]]]] = {"en": EN, "fr": FR}

#: A moment named in a sentence: what makes "as agreed" an agreed *moment*.
ANCHORS: Final[Mapping[str, str]] = {"en": EN_ANCHOR, "fr": FR_ANCHOR}
