export {
  addBusinessDays,
  type DueDateInput,
  dueDate,
  extendedDueLimit,
  isBusinessDay,
  localDate,
} from './business-days'
export {
  applyOverride,
  type Country,
  easterSunday,
  ecuadorComputedHolidays,
  ecuadorOverrides,
  type HolidayOverrides,
  holidays,
  type YearOverride,
} from './holidays'
export { isPqrsdType, PQRSD_LABELS, PQRSD_TERMS, PQRSD_TYPES, type PqrsdType, termFor } from './terms'
