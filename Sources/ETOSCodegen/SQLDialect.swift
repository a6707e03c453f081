/// The SQL engines a dischema is written for, and every way their SQL differs: the one place
/// `SQLRuleTranslator` asks. Each case's fragments keep the runtime's semantics (trimming,
/// blank and unreadable operands skipping a rule, the date in England by the BST rule, month
/// clamping, patterns matching the whole value).
public enum SQLDialect: String, Sendable, CaseIterable {
    /// DuckDB, as NHS England's data-validation-engine runs it by default.
    case duckdb
    /// Spark SQL (3.5), the engine's other backend: run with `spark.sql.session.timeZone`
    /// set to `UTC` and ANSI mode off (Spark's default), as docs/INTEROP.md says.
    case spark

    /// DVE's reader for a CSV submission on this engine.
    var csvReader: String {
        switch self {
        case .duckdb: "DuckDBCSVReader"
        case .spark: "SparkCSVReader"
        }
    }

    /// A column name quoted.
    func identifier(_ name: String) -> String {
        switch self {
        case .duckdb: "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case .spark: "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
        }
    }

    /// A string literal. Spark's parser reads backslash escapes, so a backslash is doubled.
    func literal(_ text: String) -> String {
        let quoted = text.replacingOccurrences(of: "'", with: "''")
        switch self {
        case .duckdb: return "'" + quoted + "'"
        case .spark: return "'" + quoted.replacingOccurrences(of: "\\", with: "\\\\") + "'"
        }
    }

    /// Whether all of `text` matches `pattern` (a regular expression of the RE2 and Java
    /// subset rules use). Java's `$` would also match before a final line break: `\z` does not.
    func fullMatch(_ text: String, _ pattern: String) -> String {
        switch self {
        case .duckdb: "regexp_full_match(\(text), \(literal(pattern)))"
        case .spark: "\(text) RLIKE \(literal("^(?:" + pattern + ")\\z"))"
        }
    }

    /// `text` without leading and trailing spaces and tabs.
    func trimmed(_ text: String) -> String {
        switch self {
        case .duckdb: "trim(\(text), ' ' || chr(9))"
        case .spark: "trim(BOTH ' ' || chr(9) FROM \(text))"
        }
    }

    /// A `CCYY-MM-DD` text (already of that shape) as a DATE, NULL when no such day exists.
    func parseDate(_ text: String) -> String {
        switch self {
        case .duckdb: "CAST(try_strptime(\(text), '%Y-%m-%d') AS DATE)"
        case .spark: "CAST(try_to_timestamp(\(text), 'yyyy-MM-dd') AS DATE)"
        }
    }

    /// A `CCYY-MM-DD HH:MM:SS` text as a TIMESTAMP (in UTC), NULL when it is no such moment.
    func parseLocalTimestamp(_ text: String) -> String {
        switch self {
        case .duckdb: "try_strptime(\(text), '%Y-%m-%d %H:%M:%S')"
        case .spark: "try_to_timestamp(\(text), 'yyyy-MM-dd HH:mm:ss')"
        }
    }

    /// `text` as an integer, NULL when it is not one.
    func integer(_ text: String) -> String {
        switch self {
        case .duckdb: "TRY_CAST(\(text) AS INTEGER)"
        case .spark: "try_cast(\(text) AS INT)"
        }
    }

    /// An interval of `count` minutes, hours, days or months, to add to a DATE or TIMESTAMP.
    func interval(_ count: String, _ unit: IntervalUnit) -> String {
        switch self {
        case .duckdb: "to_\(unit.rawValue)(\(count))"
        case .spark: "make_interval(\(unit == .months ? count : "0"), 0, 0, \(unit == .days ? count : "0"), \(unit == .hours ? count : "0"), \(unit == .minutes ? count : "0"), 0)"
        }
    }

    /// The units of ``interval(_:_:)``.
    enum IntervalUnit: String {
        case minutes, hours, days, months
    }

    /// The DATE `day` as a TIMESTAMP at its midnight (DuckDB adds an interval to a DATE as one).
    func dateAsTimestamp(_ day: String) -> String {
        switch self {
        case .duckdb: day
        case .spark: "CAST(\(day) AS TIMESTAMP)"
        }
    }

    /// The last Sunday on or before the DATE `day`.
    func sundayOnOrBefore(_ day: String) -> String {
        switch self {
        // DuckDB's dayofweek counts from 0 on Sunday, Spark's from 1.
        case .duckdb: "\(day) - CAST(dayofweek(\(day)) AS INTEGER)"
        case .spark: "date_sub(\(day), dayofweek(\(day)) - 1)"
        }
    }

    /// `date` plus `days` days, as a DATE.
    func addingDays(_ date: String, _ days: Int) -> String {
        switch self {
        case .duckdb: "CAST(\(date) + to_days(\(days)) AS DATE)"
        case .spark: "date_add(\(date), \(days))"
        }
    }

    /// `date` plus `months` months, clamped to the month's last day, as a DATE.
    func addingMonths(_ date: String, _ months: Int) -> String {
        switch self {
        case .duckdb: "CAST(\(date) + to_months(\(months)) AS DATE)"
        case .spark: "add_months(\(date), \(months))"
        }
    }

    /// The first day of the month of the DATE `date`.
    func monthStart(_ date: String) -> String {
        switch self {
        case .duckdb: "CAST(date_trunc('month', \(date)) AS DATE)"
        case .spark: "trunc(\(date), 'MM')"
        }
    }

    /// Whether `text` starts with `prefix`.
    func startsWith(_ text: String, _ prefix: String) -> String {
        switch self {
        case .duckdb: "starts_with(\(text), \(literal(prefix)))"
        case .spark: "startswith(\(text), \(literal(prefix)))"
        }
    }
}
