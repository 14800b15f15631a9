//! The catalogue of validation codes: each with what it means and what to do about it.

/// One stable code: what went wrong and what would be accepted.
pub struct CodeInfo {
    pub code: &'static str,
    pub meaning: &'static str,
    pub action: &'static str,
}

/// Every code taplan emits for bad input (docs/error-codes.md lists them; a test checks both
/// against the codes used in src/).
pub const CODES: &[CodeInfo] = &[
    CodeInfo {
        code: "E0001",
        meaning: "a required file is missing or unreadable",
        action: "add the file (plan.toml, parties.csv, themes.csv, partners.csv, needs.csv, offers.csv)",
    },
    CodeInfo {
        code: "E0002",
        meaning: "malformed CSV: not UTF-8, empty, or a row with a different number of cells than the header; in a workbook, a value beyond column 256",
        action: "save as UTF-8 CSV with one header row and the same number of cells on every row",
    },
    CodeInfo {
        code: "E0003",
        meaning: "a required column is missing from the header",
        action: "add the column; names are case-sensitive",
    },
    CodeInfo {
        code: "E0004",
        meaning: "an input path is not a regular file (a folder, device or pipe, also through a symlink)",
        action: "point taplan at a saved file",
    },
    CodeInfo {
        code: "E0005",
        meaning: "an input file is larger than 64 MiB, or a workbook sheet has more than 5,000,000 filled cells",
        action: "check the path; split the data",
    },
    CodeInfo {
        code: "E0006",
        meaning: "a column appears twice in a CSV header",
        action: "keep one column of each name",
    },
    CodeInfo {
        code: "E0010",
        meaning: "plan.toml is not valid TOML or a field has the wrong type or name",
        action: "write name = \"...\", periods = [\"2026-2027\", ...] and optional currency, unit, regions",
    },
    CodeInfo {
        code: "E0011",
        meaning: "plan.toml periods are empty, repeated, or have an empty name",
        action: "list each period once, in order",
    },
    CodeInfo {
        code: "E0012",
        meaning: "plan.toml unit is not a number from 1e-6 to 1e12",
        action: "use e.g. unit = 1000 for thousands",
    },
    CodeInfo {
        code: "E0013",
        meaning: "plan.toml region_names does not give one non-empty name per declared region",
        action: "list `regions`, then `region_names` with one display name per region, in the same order",
    },
    CodeInfo {
        code: "E0101",
        meaning: "a required cell (an id or name) is empty",
        action: "fill in the cell",
    },
    CodeInfo {
        code: "E0102",
        meaning: "an id is defined twice (party, theme, partner, offer, or a period/region in plan.toml)",
        action: "keep one row per id",
    },
    CodeInfo {
        code: "E0103",
        meaning: "the same (party, theme, period) need appears twice",
        action: "merge the rows into one need",
    },
    CodeInfo {
        code: "E0201",
        meaning: "a number cell is not a finite number (text, NaN, infinity)",
        action: "write a plain decimal number such as 120 or 12.5",
    },
    CodeInfo {
        code: "E0202",
        meaning: "a value that must be > 0 is zero or negative (amount, weight, priority, effectiveness)",
        action: "use a positive number, or drop the row",
    },
    CodeInfo {
        code: "E0203",
        meaning: "max_per_party is negative",
        action: "use a number >= 0, or leave the cell empty for no cap",
    },
    CodeInfo {
        code: "E0204",
        meaning: "a flag is not true/false",
        action: "write true or false (also accepted: yes/no, 1/0)",
    },
    CodeInfo {
        code: "E0205",
        meaning: "a number is outside its documented range: amounts and caps 1e-6 to 1e12, weights, priorities and effectiveness 1e-6 to 1e6 (data-format.md)",
        action: "rescale (change unit) or correct the value",
    },
    CodeInfo {
        code: "E0301",
        meaning: "unknown party (needs.csv or an offer's parties list)",
        action: "use a party code from parties.csv",
    },
    CodeInfo {
        code: "E0302",
        meaning: "unknown theme (needs.csv or an offer's themes list)",
        action: "use a theme id from themes.csv, or * for all",
    },
    CodeInfo {
        code: "E0303",
        meaning: "unknown partner in offers.csv",
        action: "use a partner id from partners.csv",
    },
    CodeInfo {
        code: "E0304",
        meaning: "unknown period",
        action: "use a period listed in plan.toml",
    },
    CodeInfo {
        code: "E0305",
        meaning: "unknown region (parties.csv region not in plan.toml regions, or an offer's regions list)",
        action: "use a region listed in plan.toml (or used in parties.csv), or * for all",
    },
    CodeInfo {
        code: "E0501",
        meaning: "the scenarios file is missing or unreadable",
        action: "check the --scenarios path",
    },
    CodeInfo {
        code: "E0502",
        meaning: "the scenarios file is not valid TOML, or has an unknown key",
        action: "see docs/scenarios.md for the [[scenario]] and [[scenario.edit]] tables",
    },
    CodeInfo {
        code: "E0503",
        meaning: "a scenario name is repeated, or is the reserved name base",
        action: "give every scenario its own name",
    },
    CodeInfo {
        code: "E0504",
        meaning: "an edit is malformed: unknown kind, missing or non-positive factor/amount/weight, or a selector that does not apply to it",
        action: "see the edit kinds and their fields in docs/scenarios.md",
    },
    CodeInfo {
        code: "E0505",
        meaning: "an edit's selector selects nothing in the dataset",
        action: "widen or correct the selector",
    },
    CodeInfo {
        code: "E0506",
        meaning: "an edit names an unknown offer, partner, partner kind, party, region, theme or period",
        action: "use ids from the dataset (a new partner needs partner_name and partner_kind)",
    },
    CodeInfo {
        code: "E0507",
        meaning: "an added offer or need already exists",
        action: "use a new offer id, or scale_needs for an existing need",
    },
    CodeInfo {
        code: "E0508",
        meaning: "a scenario name cannot be a folder name: empty, . or .., a leading dot, / or \\, a control character, one of < > : \" | ? *, a leading space or trailing dot or space, a Windows device name (CON, NUL, COM1...), or over 100 characters",
        action: "rename the scenario with letters, digits, -, _, ., @",
    },
    CodeInfo {
        code: "E0509",
        meaning: "the file expands to more than 10,000 scenarios (sweeps and factor lists multiply) or to more than 1,000,000 edits in all",
        action: "use fewer factors or a coarser sweep step",
    },
    CodeInfo {
        code: "E0510",
        meaning: "a scenario's edits push an amount outside 1e-6 to 1e12",
        action: "use a smaller factor",
    },
    CodeInfo {
        code: "E0601",
        meaning: "a policy file is missing or unreadable",
        action: "check the --policy / --policies path",
    },
    CodeInfo {
        code: "E0602",
        meaning: "a policy file is malformed: not TOML, unknown kind or key, or a parameter out of range",
        action: "see docs/policies.md for each kind's parameters",
    },
    CodeInfo {
        code: "E0603",
        meaning: "a policy name cannot be a folder name (as E0508), is used twice (letter case aside), or is the name of a file compare writes",
        action: "rename the policy (name = ... or the file name)",
    },
    CodeInfo {
        code: "E0701",
        meaning: "--out is a file or a link, or is or contains an input (the dataset, a scenarios or policy file)",
        action: "choose an output folder outside the inputs",
    },
    CodeInfo {
        code: "E0702",
        meaning: "--out is a folder taplan did not write (no .taplan-output marker), or holds a file the marker does not list",
        action: "choose a new folder, or move the files away",
    },
    CodeInfo {
        code: "E0703",
        meaning: "--export-model names a folder that does not exist, a name without .mps or .lp, or a file taplan did not write",
        action: "create the folder or choose another name",
    },
    CodeInfo {
        code: "E0704",
        meaning: "the workbook template --out or convert would write exists, or its folder does not",
        action: "choose a new name, or move the file away",
    },
    CodeInfo {
        code: "E0801",
        meaning: "explain: --party, --theme or --period names no Party, theme or period of the dataset",
        action: "use a code from parties.csv or themes.csv, or a period of plan.toml",
    },
    CodeInfo {
        code: "E0802",
        meaning: "explain: the plan folder cannot be read against the dataset (a missing or malformed needs.csv, parties.csv or sensitivity file, or a row the dataset does not have)",
        action: "give the plan folder written for this dataset by taplan plan or compare",
    },
    CodeInfo {
        code: "E0901",
        meaning: "serve API: the request body is not JSON of the expected shape (an unknown field, a null in an edit); HTTP 400",
        action: "send the fields docs/serve.md lists",
    },
    CodeInfo {
        code: "E0902",
        meaning: "serve API: an edit sweeps (factors or sweep); HTTP 400",
        action: "use one factor per request",
    },
    CodeInfo {
        code: "E0903",
        meaning: "serve API: the solve gave no plan within --time-limit; HTTP 503 (the server keeps serving)",
        action: "retry with fewer edits, or start the server with a longer --time-limit",
    },
    CodeInfo {
        code: "E0904",
        meaning: "serve API: unknown policy; HTTP 400",
        action: "use a name from /api/plan's controls.policies",
    },
    CodeInfo {
        code: "E0906",
        meaning: "serve: --scenarios-out names an existing file that is not a scenarios file, or a folder or a link",
        action: "name a new file or an existing scenarios.toml",
    },
    CodeInfo {
        code: "E0905",
        meaning: "serve API: --scenarios-out cannot be written, or a solve failed unexpectedly; HTTP 500",
        action: "check the file's folder and permissions",
    },
    CodeInfo {
        code: "E1001",
        meaning: "goal: --target is not GROUP=SHARE with a known group (ldc, sids, region:ID, theme:ID, every-party) and a share above 0 and at most 1",
        action: "write e.g. --target ldc=0.8",
    },
    CodeInfo {
        code: "E1002",
        meaning: "goal: --target or --from names a region, theme, partner or partner kind the dataset does not have",
        action: "use an id of plan.toml regions, themes.csv or partners.csv, or kind:KIND with a kind of partners.csv",
    },
    CodeInfo {
        code: "N0001",
        meaning: "periods in needs and offers were not checked because plan.toml has errors",
        action: "fix plan.toml; the next run checks them",
    },
    CodeInfo {
        code: "N0002",
        meaning: "references to Parties, themes or partners were not checked because their table is missing or lacks a required column",
        action: "fix that table; the next run checks them",
    },
    CodeInfo {
        code: "W0101",
        meaning: "an unknown column is ignored",
        action: "check the column name for a typo, or remove it",
    },
    CodeInfo {
        code: "W0201",
        meaning: "a need that no offer can reach",
        action: "none needed; it is reported as unmet; add an offer if it should be funded",
    },
    CodeInfo {
        code: "W0202",
        meaning: "an offer for which no need is eligible",
        action: "none needed; its capacity is reported as unused; widen its themes, regions or parties",
    },
    CodeInfo {
        code: "W0203",
        meaning: "weights x effectiveness or amounts span a ratio above 1e9 (numerically fragile LP)",
        action: "rescale the unit or narrow the range of weights",
    },
];
