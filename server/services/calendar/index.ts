export {
  addBusinessDays,
  addMonthsTerm,
  completionMonths,
  type DueDateInput,
  dueDate,
  isBusinessDay,
  localDate,
  monthsOn,
} from './business-days'
export {
  applyOverride,
  type CalendarDay,
  type Country,
  type Decreed,
  decreesOf,
  easterSunday,
  ecuadorComputedHolidays,
  ecuadorDecrees,
  holidays,
  weekday,
  type YearOverride,
} from './holidays'
export {
  COMPLETION_REQUEST_DAYS,
  FORWARD_TERM_DAYS,
  isPqrsdType,
  PQRSD_LABELS,
  PQRSD_TERMS,
  PQRSD_TYPES,
  type PqrsdType,
  termFor,
} from './terms'
