"""Treatment categories and opioid names as data. The first rule whose pattern matches an item wins."""

from __future__ import annotations

# (category slug, pattern). Order matters: specific services before the drug rule, the drug rule
# before the body-region rules ("Lidocaine 5% patch" is a drug, "urine drug screen" a lab).
CATEGORY_RULES: tuple[tuple[str, str], ...] = (
    # Services outside DWC's clinical categories: travel, language help, memberships.
    ("other", r"transportation|\btransport\b|\binterpret(?:er|ing|ation\s+services)|\btranslat(?:or|ion)|"
              r"gym\s+membership|\bgym\b|(?:health\s+club|pool|YMCA)\s+membership"),
    # Work hardening / conditioning is physical therapy even when called a "program" (FORMATS.md).
    ("physical-therapy", r"work\s+(?:hardening|conditioning)"),
    ("labs", r"urine\s+(?:drug|toxicolog)|drug\s+(?:screen|test|levels?)|serum\s+(?:\w+\s+)?levels?|"
             r"\bUDS\b|toxicology|blood\s+(?:test|work|draw)|"
             r"\blab(?:s|oratory)?\b|\bCBC\b|metabolic\s+panel|hepatic\s+(?:function|panel)|renal\s+function|"
             r"\bpanel\b|genetic\s+test|\bDNA\b|urinalysis|\bA1c\b|liver\s+function"),
    ("programs", r"functional\s+restoration|\bFRP\b|chronic\s+pain\s+program|pain\s+management\s+program|"
                 r"weight\s+(?:loss|reduction)\s+program|detox|brain\s+injury\s+program|\bprogram\b|"
                 r"multidisciplinary|interdisciplinary|\bHELP\b"),
    ("home-health", r"home\s+health|home\s+care|home\s+(?:nursing|aide|assistance|attendant)|\bnursing\b|"
                    r"in-?home\s+(?:care|services)|caregiver|housekeeping"),
    ("electrodiagnostics", r"\bEMG\b|\bNCV\b|\bNCS\b|nerve\s+conduction|electromyogra|electrodiagnostic|"
                           r"\bSSEP\b|evoked\s+potential"),
    # An injection done under imaging guidance is an injection.
    ("injections", r"\bguided\b.*\binject|\binject\w*\b.*\b(?:guided|guidance)\b"),
    ("imaging", r"\bMRI\b|magnetic\s+resonance|\bCT\b|\bCAT\s+scan|computed\s+tomography|x-?\s?rays?\b|"
                r"radiograph|bone\s+scan|ultrasound|sonogra|\bimaging\b|\bDEXA\b|myelogra|arthrogram|"
                r"\bPET\b|\bSPECT\b|discogra|scan\b"),
    ("injections", r"inject|epidural|\bESI\b|facet|medial\s+branch|\bblock\b|nerve\s+block|trigger\s+point|"
                   r"radiofrequency|\bRFA\b|ablation|rhizotomy|neurotomy|viscosupplement|synvisc|orthovisc|"
                   r"euflexxa|hyaluron|cortisone|steroid\s+shot|\bPRP\b|platelet[- ]rich|prolotherap|botox|"
                   r"botulinum|\bSI\s+joint\b|sacroiliac"),
    ("surgery", r"surgery(?!\s+(?:evaluation|consult))|open\s+reduction|internal\s+fixation|\bfixation\b|"
                r"surgical(?!\s+(?:evaluation|consult|clearance))|"
                r"arthroscop|arthroplasty|fusion|laminectomy|discectomy|microdiscectomy|decompression|"
                r"replacement|repair|release\b|excision|\b\w+ectomy\b|\b\w+otomy\b|\b\w+plasty\b|"
                r"debridement|reconstruction|implant(?:ation)?|spinal\s+cord\s+stimulator|\bORIF\b|"
                r"manipulation\s+under\s+anesthesia|\bMUA\b|anesthesia|assistant\s+surgeon"),
    ("psychological", r"psycholog|psychiatr|psychotherap|\bCBT\b|cognitive\s+behavio|counsel|"
                      r"mental\s+health|behavioral\s+(?:health|medicine)|hypnotherap|relaxation\s+training"),
    ("acupuncture", r"acupunct|electroacupunct"),
    ("chiropractic", r"chiropract|\bchiro\b|manipulat|\bCMT\b|spinal\s+adjust"),
    ("dme", r"\bTENS\b|transcutaneous|\bunit\b|brace|orthos[ie]s|orthotic|splint|walker|wheelchair|cane\b|"
            r"crutch|\bbed\b|mattress|pillow|cold\s+therapy|cryotherap|hot/cold|heat\s+(?:pad|wrap)|\bpad\b|"
            r"\bDME\b|durable|equipment|\bchair\b|\bseat\b|commode|shower|bath|\bscooter\b|\bCPM\b|"
            r"continuous\s+passive|interferential|\bIF\s+unit|\bH-?wave|compression\s+(?:device|garment|stocking)|"
            r"sling|collar|lumbar\s+support|traction|glove|wipes|\bsupplies\b|\bkit\b|inversion\s+table|"
            r"\bcane\b|\bboot\b|insoles?\b|shoes?\b|\bstimulator\b|\bpump\b|\bice\b"),
    ("physical-therapy", r"physical\s+therap|\bPT\b|occupational\s+therap|\bOT\b|physiotherap|work\s+hardening|"
                         r"work\s+conditioning|aquatic|pool\s+therap|therapeutic\s+exercise|"
                         r"manual\s+therap|massage|myofascial|infrared|e-?\s?stim|electrical\s+stimulation|"
                         r"biofeedback|ultrasound\s+therap|iontophoresis|phonophoresis|rehab(?:ilitation)?\b|"
                         r"home\s+exercise|exercise\s+program|therapy\s+sessions?|\bmodalit"),
    ("evaluation-management", r"consult|evaluation|\beval\b|follow[- ]?up|office\s+visit|\bvisit|referral|"
                              r"\brefer\b|re-?exam|examination|assessment|clearance|second\s+opinion|"
                              r"\bappointment|management\b|\bspecialist|\bQME\b|\bIME\b|medical\s+clearance"),
    ("pharmaceuticals", r"\d\s*(?:mg|mcg|µg|ml|mL|g|gm|grams?|%)\b|#\s*\d|\btabs?\b|tablets?|capsules?|\bcaps\b|"
                        r"cream|ointment|gel\b|lotion|patch|compound|topical|medication|\bdrug\b|"
                        r"\bsupply\b|refills?|\bdose|\bdaily\b|\bb\.?i\.?d\b|\bt\.?i\.?d\b|\bq\.?d\b|\bprn\b"),
)

# Drug names that make an item a medication even without a dose.
DRUG_NAMES: tuple[str, ...] = (
    "acetaminophen", "tylenol", "ibuprofen", "motrin", "naproxen", "naprosyn", "anaprox", "celecoxib",
    "celebrex", "meloxicam", "mobic", "diclofenac", "voltaren", "etodolac", "nabumetone", "ketoprofen",
    "ketorolac", "toradol", "indomethacin", "nsaid", "cyclobenzaprine", "flexeril", "fexmid", "amrix",
    "orphenadrine", "norflex", "tizanidine", "zanaflex", "methocarbamol", "robaxin", "carisoprodol", "soma",
    "baclofen", "metaxalone", "skelaxin", "chlorzoxazone", "gabapentin", "neurontin", "pregabalin", "lyrica",
    "duloxetine", "cymbalta", "amitriptyline", "nortriptyline", "trazodone", "zolpidem", "ambien",
    "eszopiclone", "lunesta", "omeprazole", "prilosec", "pantoprazole", "protonix", "esomeprazole", "nexium",
    "lansoprazole", "ranitidine", "zantac", "famotidine", "pepcid", "lidocaine", "lidoderm", "terocin",
    "flector", "menthoderm", "capsaicin", "ondansetron", "zofran", "docusate", "senna", "colace",
    "lactulose", "linzess", "movantik", "amitiza", "relistor", "sertraline", "zoloft", "fluoxetine",
    "prozac", "escitalopram", "lexapro", "citalopram", "venlafaxine", "effexor", "bupropion", "wellbutrin",
    "alprazolam", "xanax", "lorazepam", "ativan", "clonazepam", "klonopin", "diazepam", "valium",
    "topiramate", "topamax", "sumatriptan", "imitrex", "prednisone", "medrol", "methylprednisolone",
    "vitamin", "supplement", "glucosamine", "theramine", "sentra", "trepadone", "medical food",
    "ketamine", "naloxone", "narcan", "suboxone", "subutex", "zubsolv", "butrans", "belbuca",
    "flurbiprofen", "fluriflex", "fioricet", "fiorinal", "butalbital", "esgic", "aspirin", "oxaprozin",
    "daypro", "piroxicam", "feldene", "etodolac", "lodine", "relafen", "duexis", "vimovo", "arthrotec",
    "pennsaid", "dexilant", "aciphex", "sucralfate", "carafate", "miralax", "dulcolax", "bisacodyl",
    "senokot", "temazepam", "restoril", "doxepin", "silenor", "mirtazapine", "remeron", "belsomra",
    "rozerem", "melatonin", "sonata", "zaleplon", "elavil", "savella", "milnacipran", "horizant", "gralise",
    "paroxetine", "paxil", "celexa", "desvenlafaxine", "pristiq", "buspirone", "buspar", "hydroxyzine",
    "vistaril", "promethazine", "phenergan", "meclizine", "quetiapine", "seroquel", "aripiprazole",
    "abilify", "lamotrigine", "lamictal", "carbamazepine", "tegretol", "oxcarbazepine", "trileptal",
    "divalproex", "depakote", "levetiracetam", "keppra", "zonisamide", "rizatriptan", "maxalt",
    "modafinil", "provigil", "armodafinil", "nuvigil", "dantrolene", "keratek", "lidopro", "dendracin",
    "mentherm", "medrox", "cyclophene", "flurflex", "terocin", "ultracin", "testosterone", "androgel",
)

# Opioid analgesics (the contract's list). An item *is* an opioid medication when one of these names it.
OPIOID_NAMES: tuple[str, ...] = (
    "hydrocodone", "norco", "vicodin", "lortab", "lorcet", "zohydro", "hysingla", "oxycodone", "percocet",
    "oxycontin", "roxicodone", "endocet", "xtampza", "tramadol", "ultram", "ultracet", "conzip",
    "tapentadol", "nucynta", "morphine", "ms contin", "kadian", "hydromorphone", "dilaudid", "exalgo",
    "oxymorphone", "opana", "codeine", "tylenol #3", "tylenol with codeine", "fentanyl", "duragesic",
    "methadone", "buprenorphine", "butrans", "belbuca", "suboxone", "subutex", "zubsolv", "meperidine",
    "demerol", "levorphanol", "opioid", "opioids", "opiate", "opiates", "narcotic", "narcotics",
)

# When one of these is in the item, it is about opioids but is not an opioid medication.
NOT_AN_OPIOID: str = (
    r"detox|wean(?:ing)?\s+program|program|drug\s+(?:screen|test)|urine|toxicolog|screen|"
    r"constipation|movantik|relistor|amitiza|linzess|naloxone\b(?!.*buprenorphine)|narcan|"
    r"risk\s+assessment|consult|evaluation|agreement|contract|genetic|\brisk\b|\btest(?:s|ing)?\b"
)
