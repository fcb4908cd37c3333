export {
  addBusinessDays,
  type DueDateInput,
  dueDate,
  extendedDueLimit,
  isBusinessDay,
  localDate,
} from './business-days'
export {
  addDays,
  applyOverride,
  type CalendarDay,
  type Country,
  easterSunday,
  ecuadorComputedHolidays,
  ecuadorOverrides,
  type HolidayOverrides,
  holidays,
  weekday,
  type YearOverride,
} from './holidays'
export { isPqrsdType, PQRSD_LABELS, PQRSD_TERMS, PQRSD_TYPES, type PqrsdType, termFor } from './terms'
